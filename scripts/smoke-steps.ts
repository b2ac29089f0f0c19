import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import { OWNER_TAG } from '../lib/domain/config';
import type { ExecutionResult } from '../lib/workflow/result-document';
import { buildRealisticVpc, deleteRealisticVpc } from './demo-world';
import type { SmokeBackend } from './smoke-backends';

const SERVICES = 's3, ssm';

/** One line of the verdict. */
export interface Outcome {
  step: string;
  ok: boolean;
  detail: string;
}

/**
 * The smoke test's steps on a backend: each records an outcome; teardown (opt-out, the VPC, the stack)
 * runs whatever failed before it, so nothing is left behind in the sandbox.
 */
export async function runSmoke(backend: SmokeBackend, stackName: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const record = (step: string, ok: boolean, detail: string) => outcomes.push({ step, ok, detail });
  const ec2 = backend.ec2;
  let vpcId: string | undefined;
  try {
    await backend.up();
    record('stack', true, `${stackName} is up`);
    const vpc = await buildRealisticVpc(ec2, process.env.AWS_REGION ?? 'us-east-1', 2, '10.77.0.0/16');
    vpcId = vpc.vpcId;
    record('throwaway VPC', true, `${vpcId}: 2 AZs, an internet gateway`);
    const since = Date.now();
    await ec2.send(
      new CreateTagsCommand({
        Resources: [vpcId],
        Tags: [{ Key: 'privatelink:services', Value: SERVICES }],
      }),
    );
    const run = await backend.runAfter(vpcId, 'tagged', since);
    const result = run.result as ExecutionResult | undefined;
    record(
      'execution',
      run.status === 'SUCCEEDED',
      `${run.name}: ${run.status}${run.error ? ` ${run.error}: ${run.cause}` : ''}`,
    );
    await checkMade(backend, vpcId, vpc.cidr, result, stackName, record);
    const optedOut = Date.now();
    await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'privatelink:services' }] }));
    const out = await backend.runAfter(vpcId, 'opted-out', optedOut);
    const left = await ours(backend, vpcId, stackName);
    record(
      'opt-out',
      out.status === 'SUCCEEDED' && left.length === 0,
      `${out.status}; endpoints of ours left: ${left.length}`,
    );
  } catch (err) {
    record('smoke test', false, (err as Error).message);
  } finally {
    await teardown(backend, vpcId, record);
  }
  return outcomes;
}

async function ours(backend: SmokeBackend, vpcId: string, stackName: string) {
  const out = await backend.ec2.send(
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  return (out.VpcEndpoints ?? []).filter(
    (e) =>
      (e.State ?? '').toLowerCase() !== 'deleted' &&
      e.Tags?.some((t) => t.Key === OWNER_TAG && t.Value === stackName),
  );
}

async function checkMade(
  backend: SmokeBackend,
  vpcId: string,
  cidr: string,
  result: ExecutionResult | undefined,
  stackName: string,
  record: (step: string, ok: boolean, detail: string) => void,
) {
  const made = await ours(backend, vpcId, stackName);
  const names = made.map((e) => e.ServiceName?.split('.').pop()).sort();
  record(
    'endpoints',
    names.join(',') === 's3,ssm' && made.every((e) => (e.State ?? '').toLowerCase() === 'available'),
    `${names.join(', ')}: ${made.map((e) => e.State).join(', ')}`,
  );
  const checks = (service: string) => result?.services.find((s) => s.service === service)?.checks ?? [];
  const routes = checks('s3').find((c) => c.name === 'routes');
  record('routes', routes?.status === 'pass', routes?.detail ?? 'no route check in the result');
  const groups = await backend.ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: `tag:${OWNER_TAG}`, Values: [stackName] },
      ],
    }),
  );
  const rules = (groups.SecurityGroups?.[0]?.IpPermissions ?? []).flatMap((p) =>
    (p.IpRanges ?? []).map((r) => `${p.FromPort} from ${r.CidrIp}`),
  );
  record('security group', rules.join(',') === `443 from ${cidr}`, rules.join(', ') || 'no managed group');
  const live = checks('ssm').filter((c) => c.name.startsWith('live'));
  if (backend.probes)
    record(
      'live probe',
      live.length > 0 && live.every((c) => c.status === 'pass'),
      live.map((c) => `${c.name} ${c.status}`).join(', ') || 'no live check',
    );
  else record('live probe', true, 'not run: moto runs no Lambda inside a VPC (a real account runs it)');
}

/**
 * A deleted interface endpoint releases its network interfaces some minutes later; until then EC2 refuses
 * the subnets and the VPC (DependencyViolation): try again, 30 s apart, for 10 minutes.
 */
async function untilReleased(remove: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await remove();
    } catch (err) {
      if (!/DependencyViolation/.test(`${(err as Error).name} ${(err as Error).message}`) || attempt >= 20)
        throw err;
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
  }
}

async function teardown(
  backend: SmokeBackend,
  vpcId: string | undefined,
  record: (step: string, ok: boolean, detail: string) => void,
) {
  try {
    if (vpcId) await untilReleased(() => deleteRealisticVpc(backend.ec2, vpcId));
    await backend.down();
    record('cleanup', true, `${vpcId ?? 'no VPC'} deleted; stack removed`);
  } catch (err) {
    record('cleanup', false, `${(err as Error).message}: remove what is left by hand (the VPC, the stack)`);
  }
}
