import {
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { OWNER_TAG } from '../../lib/domain/config';
import type { ExecutionResult } from '../../lib/workflow/result-document';
import { buildRealisticVpc, endpointServiceOnNlb } from '../../scripts/demo-world';
import { openLocalStack, type LocalStack } from '../../scripts/local-stack';
import { loadEvent } from '../support/fixtures';
import { cliOnMoto, useMoto } from '../support/moto';

/**
 * An endpoint service on moto, as moto serves it: an internal Network Load Balancer offered through
 * CreateVpcEndpointServiceConfiguration, listed by DescribeVpcEndpointServices with its owner. The real
 * trigger and state machine make an endpoint to it by the alias the config gives it, and refuse a service
 * whose owner no entry admits; and a resource endpoint (moto patched by the launcher to keep what EC2
 * keeps). Acceptance, private DNS verification and cross-region are the simulated EC2's: moto has none of
 * them (tests/workflow/endpoint-services.test.ts).
 */
const REGION = 'us-east-1';
const STACK = 'privatelink-it-services';
const LEDGER_DB = `arn:aws:vpc-lattice:${REGION}:444455556666:resourceconfiguration/rcfg-0123456789abcdef0`;
const moto = useMoto();
const ec2 = new EC2Client({ region: REGION });
const silent = { out: () => undefined, err: () => undefined };

let stack: LocalStack;
let orders: string;
let unlisted: string;

beforeAll(async () => {
  const provider = await buildRealisticVpc(ec2, REGION, 2, '10.60.0.0/16');
  orders = await endpointServiceOnNlb(ec2, moto.server().endpoint, REGION, provider.privateSubnets);
  unlisted = await endpointServiceOnNlb(ec2, moto.server().endpoint, REGION, provider.privateSubnets);
  // The functions read their config when first loaded: it names the services made above.
  process.env.PRIVATELINK_CONFIG = JSON.stringify({
    probe: { enabled: false },
    endpointServices: [{ name: orders, alias: 'orders', ports: [443, 8443] }, { owner: '999999999999' }],
    resourceConfigurations: [{ arn: LEDGER_DB, alias: 'ledger-db', ports: [5432], tls: false }],
  });
  stack = await openLocalStack({
    endpointUrl: moto.server().endpoint,
    region: REGION,
    stackName: STACK,
    io: silent,
  });
}, 60_000);

afterAll(() => {
  delete process.env.PRIVATELINK_CONFIG;
});

async function taggedRun(services: string, resources?: string) {
  const vpc = await buildRealisticVpc(ec2, REGION, 2, `10.${61 + Math.floor(Math.random() * 100)}.0.0/16`);
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: [
        { Key: 'privatelink:services', Value: services },
        ...(resources ? [{ Key: 'privatelink:resources', Value: resources }] : []),
      ],
    }),
  );
  const event = loadEvent('tag-change-vpc');
  event.resources = [`arn:aws:ec2:${REGION}:123456789012:vpc/${vpc.vpcId}`];
  event.id = `it-${Math.random().toString(16).slice(2)}`;
  await stack.deliver(event);
  const [run] = await stack.runExecutions();
  const endpoints = await ec2.send(
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.vpcId] }] }),
  );
  return { vpc, run, endpoints: endpoints.VpcEndpoints ?? [] };
}

describe('an endpoint service on moto', () => {
  it("gets an endpoint by its alias, in a group that admits exactly its entry's ports", async () => {
    const { vpc, run, endpoints } = await taggedRun('orders, ssm');

    expect({ status: run?.status, cause: run?.cause }).toEqual({ status: 'SUCCEEDED', cause: undefined });
    expect((run?.result as ExecutionResult).status).toBe('succeeded');
    const ours = endpoints.filter((e) => e.Tags?.some((t) => t.Key === OWNER_TAG && t.Value === STACK));
    expect(ours.map((e) => e.ServiceName).sort()).toEqual([orders, `com.amazonaws.${REGION}.ssm`].sort());
    // Each endpoint in the group of its ports: ssm on 443, orders on its entry's 443 and 8443.
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: `tag:${OWNER_TAG}`, Values: [STACK] },
          { Name: 'vpc-id', Values: [vpc.vpcId] },
        ],
      }),
    );
    const portsOf = (serviceName: string) => {
      const groupId = ours.find((e) => e.ServiceName === serviceName)?.Groups?.[0]?.GroupId;
      const group = groups.SecurityGroups?.find((g) => g.GroupId === groupId);
      return (group?.IpPermissions ?? []).map((p) => p.FromPort).sort((a, b) => (a ?? 0) - (b ?? 0));
    };
    expect(portsOf(orders)).toEqual([443, 8443]);
    expect(portsOf(`com.amazonaws.${REGION}.ssm`)).toEqual([443]);
    // privatelink status shows both groups, and the orders endpoint by its alias.
    const status = await cliOnMoto(moto.server().endpoint, STACK, '--region', REGION, 'status', vpc.vpcId);
    expect(status.out).toMatch(/port group: sg-\S+ \(tcp 443-443 from [\d./]+, tcp 8443-8443 from [\d./]+\)/);
    expect(status.out).toMatch(/│ orders\s+│ Interface/);
  });

  it('refuses a service whose owner (as EC2 lists it) no entry admits, with no endpoint made', async () => {
    const { run, endpoints } = await taggedRun(`ssm, ${unlisted}`);

    expect(run?.status).toBe('FAILED');
    expect(run?.cause).toContain(
      `"${unlisted}" is owned by 123456789012, which no owner entry of endpointServices admits`,
    );
    expect(endpoints).toEqual([]);
  });

  it('makes a resource endpoint to an allow-listed configuration by its alias, in a group of its ports', async () => {
    const { vpc, endpoints } = await taggedRun('ssm', 'ledger-db');

    const resource = endpoints.find((e) => e.VpcEndpointType === 'Resource');
    expect(resource?.ResourceConfigurationArn).toBe(LEDGER_DB);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'group-id', Values: [resource?.Groups?.[0]?.GroupId ?? ''] },
          { Name: 'vpc-id', Values: [vpc.vpcId] },
        ],
      }),
    );
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.map((p) => p.FromPort)).toEqual([5432]);
  });
});
