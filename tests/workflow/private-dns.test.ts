import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import type { SimEc2 } from '../support/sim-ec2/api';
import { askForRun, taggedWorld } from '../support/trigger';
import { tagVpc } from '../support/workflow-harness';

/**
 * Private DNS through the real path (tag → trigger → lock → execution) on the simulated EC2: the safe
 * cut-over, S3's interface endpoint beside its gateway, hosted-zone conflicts, dual-stack.
 */

const ours = (sim: SimEc2) => [...sim.endpoints.values()].filter((e) => e.tags[OWNER_TAG]);

/**
 * Watches, after every EC2 call, for a moment when one of our endpoints answers the service's name
 * (private DNS on) but drops traffic: what workloads of the VPC would then meet.
 */
function watchBrokenNames(sim: SimEc2): string[] {
  const broken: string[] = [];
  sim.watchers.push(() => {
    for (const e of ours(sim)) {
      if (e.type === 'Interface' && e.privateDns && !sim.passesTraffic(e.serviceName, e.type))
        broken.push(`${e.serviceName} at ${sim.clock.now()} ms`);
    }
  });
  return broken;
}

describe('the safe DNS cut-over', () => {
  it('turns private DNS on only once each endpoint passes traffic, in a VPC with an internet path', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs');
    const broken = watchBrokenNames(sim);

    await askForRun(vpc.vpcId, 'cutover-safe');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
    expect(ours(sim).map((e) => e.privateDns)).toEqual([true, true]);
    expect(broken).toEqual([]);
    // One ModifyVpcEndpoint each, after the two creates: the price of the cut-over the plan states.
    expect(run?.mutations.filter((m) => m.endsWith('VpcEndpoint'))).toEqual([
      'CreateVpcEndpoint',
      'CreateVpcEndpoint',
      'ModifyVpcEndpoint',
      'ModifyVpcEndpoint',
    ]);
  });

  it('reports the cut-over done only once private DNS reads back on: EC2 took the change, the endpoint kept it off', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs');
    const ssm = sim.serviceName('ssm');

    await askForRun(vpc.vpcId, 'cutover-lost');
    const [run] = await harness.runQueued({
      intercept: async (fn, event, invoke) => {
        const out = await invoke();
        // The ModifyVpcEndpoint that turns ssm's private DNS on is accepted, and does not take.
        const item = (
          event as { item?: { spec?: { serviceName?: string }; changes?: { privateDns?: boolean } } }
        ).item;
        if (fn === 'applyEndpoint' && item?.spec?.serviceName === ssm && item.changes?.privateDns)
          for (const e of ours(sim)) if (e.serviceName === ssm) e.privateDns = false;
        return out;
      },
    });

    const result = run?.output as ExecutionResult;
    expect(result.status).toBe('checks-failed');
    const checks = (service: string) => result.services.find((s) => s.service === service)?.checks ?? [];
    expect(checks('ssm')).toContainEqual(
      expect.objectContaining({
        name: 'private-dns',
        status: 'fail',
        detail: expect.stringMatching(/still reports it off/),
      }),
    );
    expect(checks('logs').filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('with privatelink:cutover=direct, names resolve to endpoints that still drop traffic', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs');
    tagVpc(sim, vpc.vpcId, { 'privatelink:cutover': 'direct' });
    const broken = watchBrokenNames(sim);

    await askForRun(vpc.vpcId, 'cutover-direct');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
    expect(broken.length).toBeGreaterThan(0);
    expect(run?.mutations).not.toContain('ModifyVpcEndpoint');
  });

  it('holds private DNS off for an endpoint whose live checks fail, and a later run turns it on', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm');
    const working = sim.options.workingAfterMs;
    // Traffic passes only long after the live probe has given up (60 s of retries).
    (sim.options as { workingAfterMs: number }).workingAfterMs = 10 * 60_000;

    await askForRun(vpc.vpcId, 'cutover-held');
    const [held] = await harness.runQueued();
    const heldResult = held?.output as ExecutionResult;

    expect(heldResult.status).toBe('checks-failed');
    expect(ours(sim)[0]?.privateDns).toBe(false);
    expect(heldResult.services[0]?.reason).toMatch(/private DNS held off: check live dns failed/);

    (sim.options as { workingAfterMs: number }).workingAfterMs = working;
    await askForRun(vpc.vpcId, 'cutover-retry');
    const [retry] = await harness.runQueued();

    expect(retry?.status).toBe('SUCCEEDED');
    expect(ours(sim)[0]?.privateDns).toBe(true);
    expect(retry?.mutations.filter((m) => m.endsWith('VpcEndpoint'))).toEqual(['ModifyVpcEndpoint']);
  });
});

describe('an S3 interface endpoint with private DNS', () => {
  it('is made after the S3 gateway, for inbound resolvers only', async () => {
    const { sim, vpc, harness } = taggedWorld('s3, s3:interface');

    await askForRun(vpc.vpcId, 's3-both');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
    const s3 = ours(sim).filter((e) => e.serviceName === sim.serviceName('s3'));
    expect(s3.map((e) => e.type)).toEqual(['Gateway', 'Interface']);
    expect(s3.find((e) => e.type === 'Interface')).toMatchObject({
      privateDns: true,
      inboundResolverOnly: true,
    });
  });

  it('alone is refused before anything is made, naming the gateway it needs', async () => {
    const { sim, vpc, harness } = taggedWorld('s3:interface');

    await askForRun(vpc.vpcId, 's3-alone');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('FAILED');
    expect(run?.mutations).toEqual([]);
    expect(run?.cause).toMatch(/needs a gateway endpoint for S3/);
    expect(ours(sim)).toEqual([]);
  });
});

describe('a private hosted zone associated with the VPC', () => {
  it('refuses the run before anything is made, naming the zone', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm, logs');
    const zoneId = sim.addHostedZone(`ssm.${sim.region}.amazonaws.com`, [vpc.vpcId]);

    await askForRun(vpc.vpcId, 'zone-conflict');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('FAILED');
    expect(run?.mutations).toEqual([]);
    expect(run?.error).toBe('DnsConflictError');
    expect(run?.cause).toContain(`is answered by hosted zone ${zoneId}`);
  });

  it('of another VPC changes nothing', async () => {
    const { sim, vpc, harness } = taggedWorld('ssm');
    const other = sim.addVpc();
    sim.addHostedZone(`ssm.${sim.region}.amazonaws.com`, [other.vpcId]);

    await askForRun(vpc.vpcId, 'zone-elsewhere');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
  });
});

describe('a dual-stack VPC', () => {
  it('gets dual-stack endpoints and a group that admits its IPv6 block', async () => {
    const { sim, harness } = taggedWorld('ssm');
    sim.addOffer('logs', ['Interface'], undefined, true, ['ipv4', 'ipv6']);
    const vpc = sim.addVpc({ ipv6: true });
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 'logs, ssm' });

    await askForRun(vpc.vpcId, 'dual-stack');
    const [run] = await harness.runQueued();

    expect(run?.status).toBe('SUCCEEDED');
    const byService = Object.fromEntries(
      ours(sim)
        .filter((e) => e.vpcId === vpc.vpcId)
        .map((e) => [e.serviceName.split('.').pop(), e.ipAddressType]),
    );
    // logs supports IPv6 here, ssm does not: each gets what its service allows.
    expect(byService).toEqual({ logs: 'dualstack', ssm: 'ipv4' });
    const group = [...sim.securityGroups.values()].find((g) => g.vpcId === vpc.vpcId && g.tags[OWNER_TAG]);
    expect(group?.ingress.map((r) => r.CidrIp ?? r.CidrIpv6)).toEqual([
      sim.vpcs.get(vpc.vpcId)?.cidrBlocks[0],
      sim.vpcs.get(vpc.vpcId)?.ipv6CidrBlocks?.[0],
    ]);
  });
});
