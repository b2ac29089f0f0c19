import type { Context } from 'aws-lambda';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as driftCheck } from '../../functions/drift-check/handler';
import type { DriftReport } from '../../lib/operations/drift-check';
import { withConfig } from '../support/central-fleet';
import { testConfig } from '../support/config';
import { SimEc2 } from '../support/sim-ec2/api';
import { askForRun } from '../support/trigger';
import { createHarness, tagVpc } from '../support/workflow-harness';

/**
 * The drift schedule's fleet report (config drift.report, off by default): the deployed handler over the
 * simulated account writes the page to S3 and reads it back; a write that fails or reads back otherwise
 * is said, and the drift check's own report stands.
 */
const s3 = mockClient(S3Client);
const objects = new Map<string, string>();
const context = {
  functionName: 'driftCheck',
  awsRequestId: 'r',
  getRemainingTimeInMillis: () => 60_000,
} as Context;
const schedule = () =>
  driftCheck({ source: 'aws.events', 'detail-type': 'Scheduled Event' } as never, context) as Promise<
    DriftReport & {
      fleetReport?: { bucket: string; key: string; bytes?: number; vpcs?: number; error?: string };
    }
  >;
const withReport = (work: () => Promise<unknown>) =>
  withConfig(testConfig({ drift: { report: { bucket: 'plo-reports' } } }), work as () => Promise<never>);

beforeEach(() => {
  s3.reset();
  objects.clear();
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: Buffer }) => {
    objects.set(input.Key, input.Body.toString());
    return {};
  });
  s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => ({
    ContentLength: Buffer.byteLength(objects.get(input.Key) ?? ''),
  }));
});

async function twoConvergedVpcs() {
  const sim = new SimEc2();
  sim.addDefaultOffers();
  const harness = createHarness(sim);
  const vpcs = [sim.addVpc({ azs: 2 }), sim.addVpc({ azs: 2 })];
  // Through the real path (tag event → trigger → lock → StartExecution), so the runs are the state machine's.
  for (const [i, vpc] of vpcs.entries()) {
    tagVpc(sim, vpc.vpcId, { 'privatelink:services': 's3, ssm' });
    await askForRun(vpc.vpcId, `tag-${i}`);
  }
  const runs = await harness.runQueued();
  expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  return { sim, vpcs };
}

describe('the fleet report on the drift schedule', () => {
  it('writes the page to S3 and reads it back, with each VPC and how its last run ended', async () => {
    const { vpcs } = await twoConvergedVpcs();

    const report = (await withReport(schedule)) as Awaited<ReturnType<typeof schedule>>;

    expect(report).toMatchObject({ vpcsChecked: 2, drifted: [] });
    const page = objects.get('privatelink/fleet-report.html') ?? '';
    expect(report.fleetReport).toEqual({
      bucket: 'plo-reports',
      key: 'privatelink/fleet-report.html',
      bytes: Buffer.byteLength(page),
      vpcs: 2,
    });
    for (const vpc of vpcs) expect(page).toMatch(new RegExp(`${vpc.vpcId}.*done \\d{4}-\\d\\d-\\d\\d`));
    expect(page).toContain('The scheduled report leaves the advice out');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'plo-reports',
      ContentType: 'text/html; charset=utf-8',
    });
  });

  it('makes the page of what the drift check read: not one EC2 call more than the check alone', async () => {
    const { sim } = await twoConvergedVpcs();
    const callsOf = async (work: () => Promise<unknown>) => {
      const before = sim.calls.length;
      await work();
      return sim.calls.length - before;
    };

    const alone = await callsOf(schedule);
    const withThePage = await callsOf(() => withReport(schedule));

    expect(objects.has('privatelink/fleet-report.html')).toBe(true);
    expect(withThePage).toBe(alone);
  });

  it('says a write S3 refused, and still reports the drift check', async () => {
    await twoConvergedVpcs();
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    const report = (await withReport(schedule)) as Awaited<ReturnType<typeof schedule>>;

    expect(report).toMatchObject({ vpcsChecked: 2, drifted: [] });
    expect(report.fleetReport).toEqual({
      bucket: 'plo-reports',
      key: 'privatelink/fleet-report.html',
      error: expect.stringContaining('Access Denied'),
    });
  });

  it('calls a write that reads back at another size not written', async () => {
    await twoConvergedVpcs();
    s3.on(HeadObjectCommand).resolves({ ContentLength: 12 });

    const report = (await withReport(schedule)) as Awaited<ReturnType<typeof schedule>>;

    expect(report.fleetReport?.error).toMatch(
      /s3:\/\/plo-reports\/privatelink\/fleet-report\.html reads back 12 bytes, not the \d+ written/,
    );
  });

  it('writes nothing when the config does not ask for it', async () => {
    await twoConvergedVpcs();
    const report = await schedule();
    expect(report).not.toHaveProperty('fleetReport');
    expect(s3.calls()).toHaveLength(0);
  });
});
