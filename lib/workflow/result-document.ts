import type { PlanCost, UnknownCost } from '../domain/cost';
import type { ServiceCheck } from '../domain/service-checks';
import type { ApiCallCount } from '../domain/model';

/** A failure as Step Functions hands it to a Catch: the error name and its cause. */
export interface FailureInfo {
  Error: string;
  Cause: string;
}

/** What an execution did, service by service: the execution output, the CLI's table, the events' detail. */
/** `served`: a spoke's service answered by its central VPC's endpoint (docs/architecture.md, "Centralized endpoints"). */
export type ServiceAction =
  | 'created'
  | 'modified'
  | 'unchanged'
  | 'deleted'
  | 'adopted'
  | 'planned'
  | 'served';

export interface ServiceResult extends Omit<ServiceCheck, 'checks'> {
  action: ServiceAction;
  reason: string;
  checks: ServiceCheck['checks'];
}

export interface ExecutionResult {
  /**
   * `checks-failed`: the changes were made, but a check of the VPC fails — never reported as success.
   * `awaiting-acceptance`: an endpoint waits for its service's owner to accept it; a later run finishes it.
   */
  status: 'succeeded' | 'checks-failed' | 'awaiting-acceptance' | 'failed';
  vpcId: string;
  region: string;
  accountId: string;
  mode: 'apply' | 'plan';
  executionId: string;
  trigger: unknown;
  securityGroup: { groupId: string | null; action: string };
  services: ServiceResult[];
  totals: Record<ServiceAction | 'checksPassed' | 'checksFailed' | 'checksSkipped', number>;
  durationMs: number;
  apiCalls: ApiCallCount;
  /** What the VPC's interface endpoints cost a month after the run, and the change it made. */
  cost?: PlanCost | UnknownCost;
  error?: FailureInfo;
}
