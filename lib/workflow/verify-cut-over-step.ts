import { readManagedEndpoints } from '../aws/discovery';
import { isSettling } from '../domain/endpoint-states';
import type { ApiCallCount } from '../domain/model';
import type { VpcRef } from '../domain/vpc-ref';
import type { ApplyEndpointResult } from './apply-endpoint-step';
import type { StepContext } from './step-context';

/** What EC2 reports of an endpoint whose private DNS the cut-over turned on. */
export interface CutOverReadBack {
  service: string;
  endpointId: string;
  state: string;
  privateDnsEnabled: boolean;
}

export interface VerifyCutOverResult {
  /** `waiting`: an endpoint is still applying the change; WaitForCutOver, then look again. */
  status: 'verified' | 'waiting';
  attempt: number;
  nextPollSeconds: number;
  endpoints: CutOverReadBack[];
  apiCalls: ApiCallCount;
}

/** Looks this many times, 10 s apart: EC2 applies a private-DNS change within a minute or two. */
export const CUT_OVER_LOOKS = 18;
const POLL_SECONDS = 10;

/**
 * Reads back the endpoints whose private DNS the cut-over turned on (docs/architecture.md, "Safe DNS
 * cut-over"): EC2 accepts ModifyVpcEndpoint at once and applies it after; only what it then reports says
 * whether workloads resolve the service to the endpoint. Waits while one is still applying the change.
 */
export async function verifyCutOverStep(
  event: { vpc: VpcRef; turnedOn: ApplyEndpointResult[]; previous: { attempt: number } },
  ctx: StepContext,
): Promise<VerifyCutOverResult> {
  const attempt = event.previous.attempt + 1;
  const ids = new Set(event.turnedOn.map((t) => t.endpointId));
  const listed = (await readManagedEndpoints(ctx.api, event.vpc.vpcId, ctx.config.stackName)).filter((e) =>
    ids.has(e.endpointId),
  );
  const endpoints = event.turnedOn.map((t): CutOverReadBack => {
    const e = listed.find((x) => x.endpointId === t.endpointId);
    return {
      service: t.service,
      endpointId: t.endpointId,
      state: e?.state ?? 'not listed',
      privateDnsEnabled: e?.privateDnsEnabled ?? false,
    };
  });
  const applying = listed.some((e) => isSettling(e.state));
  return {
    status: applying && attempt < CUT_OVER_LOOKS ? 'waiting' : 'verified',
    attempt,
    nextPollSeconds: POLL_SECONDS,
    endpoints,
    apiCalls: ctx.api.calls,
  };
}
