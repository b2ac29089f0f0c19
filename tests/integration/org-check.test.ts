import {
  CreateTagsCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import outputSchema from '../../schemas/cli-output.schema.json';
import { OWNER_TAG } from '../../lib/domain/config';
import type { OrgDriftSummary } from '../../lib/operations/org-drift/summary';
import { buildRealisticVpc, memberEc2 } from '../../scripts/demo-world';
import { cliOnMoto, useMoto } from '../support/moto';
import { motoOrganization } from '../support/organizations';

/**
 * The Organization check run locally for real (`drift --all-accounts --local`): its targets from moto's
 * Organizations (an OU and the OUs below it), a JSONL manifest in moto's S3, the Distributed Map run by
 * the local runner in batches around the real child ASL and handlers, ResultWriter's files in S3, and
 * one summary. moto keeps accounts apart, and AssumeRole credentials act in the role's account.
 */
const moto = useMoto();
const STACK = 'plo-org-it';

const cli = (...args: string[]) => cliOnMoto(moto.server().endpoint, STACK, ...args);

/** An Organization of a workloads OU, a prod OU below it, a payments OU below that, one account in each. */
async function organization() {
  const { root, ou, account } = await motoOrganization(moto.server().endpoint);
  const workloads = await ou(root, 'workloads');
  const prod = await ou(workloads, 'prod');
  const payments = await ou(prod, 'payments');
  return {
    workloads,
    accounts: [
      await account('shared', workloads),
      await account('web', prod),
      await account('cards', payments),
    ],
  };
}

async function taggedVpc(accountId: string, region: string) {
  const ec2 = await memberEc2(accountId, region);
  const vpc = await buildRealisticVpc(ec2, region);
  await ec2.send(
    new CreateTagsCommand({ Resources: [vpc.vpcId], Tags: [{ Key: 'privatelink:services', Value: 's3' }] }),
  );
  return { ec2, vpcId: vpc.vpcId };
}

describe('the Organization check, run locally', () => {
  it('checks every account of an OU and of the OUs below it, in batches, and finds the drift of each', async () => {
    await moto.server().reset();
    const { workloads, accounts } = await organization();
    const config = join(mkdtempSync(join(tmpdir(), 'plo-org-')), 'privatelink.json');
    writeFileSync(
      config,
      JSON.stringify({
        probe: { enabled: false },
        hub: {
          roleName: 'privatelink-spoke',
          externalId: 'it-org',
          organizationalUnits: [workloads],
          regions: ['us-east-1', 'eu-west-1'],
        },
      }),
    );
    const cards = await taggedVpc(accounts[2] ?? '', 'eu-west-1');
    const web = await taggedVpc(accounts[1] ?? '', 'us-east-1');
    // Both provisioned by the hub, then someone deletes the s3 endpoint in cards' VPC.
    for (const [account, region, vpcId] of [
      [accounts[2] ?? '', 'eu-west-1', cards.vpcId],
      [accounts[1] ?? '', 'us-east-1', web.vpcId],
    ]) {
      const run = await cli(
        '--config',
        config,
        '--account',
        account ?? '',
        '--region',
        region ?? '',
        'apply',
        '--yes',
        '--local',
        vpcId ?? '',
      );
      expect({ code: run.code, err: run.code === 0 ? '' : run.err }).toEqual({ code: 0, err: '' });
    }
    const ours = ((await cards.ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).filter(
      (e) => e.Tags?.some((t) => t.Key === OWNER_TAG),
    );
    await cards.ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: ours.map((e) => e.VpcEndpointId ?? '') }),
    );

    const { code, out, err } = await cli('--config', config, '--json', 'drift', '--all-accounts', '--local');

    expect({ code, err: code === 3 ? '' : err }).toEqual({ code: 3, err: '' });
    const summary = JSON.parse(out) as OrgDriftSummary;
    const ajv = new Ajv({ allErrors: true });
    ajv.addSchema(outputSchema, 'cli');
    expect(ajv.validate('cli#/definitions/orgDrift', summary) || ajv.errorsText()).toBe(true);
    // The hub's own account and the three members, each in both regions.
    expect(summary).toMatchObject({ targets: 8, checked: 8, vpcsChecked: 2, unreachable: [] });
    expect(summary.drifted).toEqual([{ accountId: accounts[2], region: 'eu-west-1', vpcIds: [cards.vpcId] }]);
    expect(err).toContain('batch 1/1: 8 checked, 1 drifted, 0 unreachable');
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.server().endpoint, forcePathStyle: true });
    const files = (
      (await s3.send(new ListObjectsV2Command({ Bucket: `${STACK}-org-check` }))).Contents ?? []
    ).map((o) => o.Key);
    expect(files.filter((k) => k?.startsWith('manifests/'))).toHaveLength(1);
    expect(files.filter((k) => k?.endsWith('/manifest.json'))).toHaveLength(1);
  }, 180_000);
});
