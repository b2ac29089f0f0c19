import * as r53 from '@aws-sdk/client-route-53';
import { Route53Client, Route53ServiceException } from '@aws-sdk/client-route-53';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { TokenBucket } from './clock';
import { SdkRetries } from './sdk-retries';
import type { SimEc2 } from './simulator';
import type { SimHostedZone } from './state';
import { signedAs } from './wire';

/**
 * The simulated Route 53 of the simulator's account: private hosted zones, their tags, alias records and VPC
 * associations, behind every Route53Client. Paced as Route 53 publishes (Route 53 Developer Guide,
 * "Throttling for Amazon Route 53 API requests"): every call takes a token of the account's bucket
 * (50, 10 a second) and of its action's (50 / 10 by default; AssociateVPCWithHostedZone 20 / 5;
 * CreateHostedZone 40 / 2); an empty bucket answers HTTP 400 `Throttling`. Not modelled: the separate
 * change-throughput bucket of record changes, and PriorRequestNotComplete.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-requests
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateHostedZone.html
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_AssociateVPCWithHostedZone.html
 */
export const ROUTE53_BUCKETS: Record<string, [number, number]> = {
  account: [50, 10],
  default: [50, 10],
  AssociateVPCWithHostedZone: [20, 5],
  CreateHostedZone: [40, 2],
};

/** Route 53's verbs that change something. */
const MUTATING = /^(Create|Change|Associate|Disassociate|Delete)/;

export interface Route53Call {
  command: string;
  at: number;
  throttled: boolean;
  mutating: boolean;
}

const r53Error = (name: string, message: string, status = 400) =>
  new Route53ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message });

const bare = (id: string | undefined) => (id ?? '').replace(/^\/hostedzone\//, '');
const noDot = (name: string | undefined) => (name ?? '').replace(/\.$/, '').toLowerCase();

type Handler = (sim: SimEc2, input: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

function zoneOf(sim: SimEc2, id: string | undefined): SimHostedZone {
  const zone = sim.hostedZones.get(bare(id));
  if (!zone) throw r53Error('NoSuchHostedZone', `No hosted zone found with ID: ${bare(id)}`, 404);
  return zone;
}

function assertVpc(sim: SimEc2, vpc: { VPCId?: string; VPCRegion?: string } | undefined) {
  if (!sim.vpcs.has(vpc?.VPCId ?? '') || vpc?.VPCRegion !== sim.region)
    throw r53Error('InvalidVPCId', `VPC ${vpc?.VPCId} not found in ${vpc?.VPCRegion}`);
}

/**
 * A VPC resolves a name once: a zone of the same name already associated with it, or an endpoint of it with
 * private DNS for the name, makes Route 53 refuse (ConflictingDomainExists).
 * https://repost.aws/knowledge-center/vpc-interface-endpoint-private-dns
 */
function assertNoConflict(sim: SimEc2, vpcId: string, name: string, except?: string) {
  const zone = [...sim.hostedZones.values()].find(
    (z) => z.zoneId !== except && z.name === name && z.vpcIds.includes(vpcId),
  );
  const endpoint = [...sim.endpoints.values()].find(
    (e) =>
      e.vpcId === vpcId &&
      e.privateDns &&
      !['deleted', 'failed'].includes(e.state) &&
      sim.offers.get(e.serviceName)?.privateDnsName === name,
  );
  if (zone || endpoint)
    throw r53Error(
      'ConflictingDomainExists',
      `The VPC ${vpcId} in ${sim.region} already resolves ${name} (${zone ? `zone ${zone.zoneId}` : `endpoint ${endpoint?.endpointId}`})`,
    );
}

const handlers: Record<string, Handler> = {
  ListHostedZonesByVPC(sim, input: r53.ListHostedZonesByVPCRequest) {
    assertVpc(sim, { VPCId: input.VPCId, VPCRegion: input.VPCRegion });
    const zones = [...sim.hostedZones.values()].filter((z) => z.vpcIds.includes(input.VPCId ?? ''));
    return {
      HostedZoneSummaries: zones.map((z) => ({
        HostedZoneId: z.zoneId,
        Name: `${z.name}.`,
        Owner: { OwningAccount: sim.accountId },
      })),
      MaxItems: '100',
    };
  },
  CreateHostedZone(sim, input: r53.CreateHostedZoneRequest) {
    if (!input.VPC) throw r53Error('InvalidInput', 'The simulated Route 53 makes private zones only');
    assertVpc(sim, input.VPC);
    if ([...sim.hostedZones.values()].some((z) => z.callerReference === input.CallerReference))
      throw r53Error(
        'HostedZoneAlreadyExists',
        `A hosted zone has already been created with the caller reference ${input.CallerReference}`,
        409,
      );
    assertNoConflict(sim, input.VPC.VPCId ?? '', noDot(input.Name));
    const zoneId = sim.addHostedZone(input.Name ?? '', [input.VPC.VPCId ?? '']);
    const zone = zoneOf(sim, zoneId);
    zone.callerReference = input.CallerReference;
    return {
      HostedZone: {
        Id: `/hostedzone/${zoneId}`,
        Name: `${zone.name}.`,
        CallerReference: input.CallerReference,
      },
      Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zoneId}`,
    };
  },
  GetHostedZone(sim, input: r53.GetHostedZoneRequest) {
    const zone = zoneOf(sim, input.Id);
    return {
      HostedZone: {
        Id: `/hostedzone/${zone.zoneId}`,
        Name: `${zone.name}.`,
        CallerReference: zone.callerReference,
      },
      VPCs: zone.vpcIds.map((VPCId) => ({ VPCId, VPCRegion: sim.region })),
    };
  },
  ChangeTagsForResource(sim, input: r53.ChangeTagsForResourceRequest) {
    const zone = zoneOf(sim, input.ResourceId);
    zone.tags = { ...zone.tags };
    for (const t of input.AddTags ?? []) zone.tags[t.Key ?? ''] = t.Value ?? '';
    for (const key of input.RemoveTagKeys ?? []) delete zone.tags[key];
    return {};
  },
  ListTagsForResources(sim, input: r53.ListTagsForResourcesRequest) {
    if ((input.ResourceIds ?? []).length > 10) throw r53Error('InvalidInput', 'At most 10 resource ids');
    return {
      ResourceTagSets: (input.ResourceIds ?? []).map((id) => ({
        ResourceType: 'hostedzone',
        ResourceId: bare(id),
        Tags: Object.entries(zoneOf(sim, id).tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      })),
    };
  },
  ListResourceRecordSets(sim, input: r53.ListResourceRecordSetsRequest) {
    const zone = zoneOf(sim, input.HostedZoneId);
    return {
      ResourceRecordSets: [...(zone.records ?? new Map()).entries()].map(([name, r]) => ({
        Name: `${name.replace(/^\*/, '\\052')}.`,
        Type: 'A',
        AliasTarget: { DNSName: `${r.target}.`, HostedZoneId: r.targetZoneId, EvaluateTargetHealth: false },
      })),
      IsTruncated: false,
      MaxItems: '300',
    };
  },
  ChangeResourceRecordSets(sim, input: r53.ChangeResourceRecordSetsRequest) {
    const zone = zoneOf(sim, input.HostedZoneId);
    const records = new Map(zone.records ?? []);
    for (const change of input.ChangeBatch?.Changes ?? []) {
      const set = change.ResourceRecordSet;
      const name = noDot(set?.Name);
      if (name !== zone.name && !name.endsWith(`.${zone.name}`))
        throw r53Error(
          'InvalidChangeBatch',
          `RRSet with DNS name ${name} is not permitted in zone ${zone.name}`,
        );
      if (change.Action === 'DELETE') records.delete(name);
      else
        records.set(name, {
          target: noDot(set?.AliasTarget?.DNSName),
          targetZoneId: set?.AliasTarget?.HostedZoneId ?? '',
        });
    }
    zone.records = records;
    return { ChangeInfo: { Id: `/change/C${sim.id('chg').slice(4)}`, Status: 'PENDING' } };
  },
  /**
   * A zone goes only empty of records of its own (SOA and NS are Route 53's): HostedZoneNotEmpty otherwise.
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHostedZone.html
   */
  DeleteHostedZone(sim, input: r53.DeleteHostedZoneRequest) {
    const zone = zoneOf(sim, input.Id);
    if ((zone.records?.size ?? 0) > 0)
      throw r53Error('HostedZoneNotEmpty', `The hosted zone ${zone.zoneId} contains resource record sets`);
    sim.hostedZones.delete(zone.zoneId);
    return { ChangeInfo: { Id: `/change/C${sim.id('chg').slice(4)}`, Status: 'PENDING' } };
  },
  AssociateVPCWithHostedZone(sim, input: r53.AssociateVPCWithHostedZoneRequest) {
    const zone = zoneOf(sim, input.HostedZoneId);
    assertVpc(sim, input.VPC);
    const vpcId = input.VPC?.VPCId ?? '';
    if (zone.vpcIds.includes(vpcId))
      throw r53Error(
        'ConflictingDomainExists',
        `The VPC ${vpcId} has already been associated with the hosted zone ${zone.zoneId}`,
      );
    assertNoConflict(sim, vpcId, zone.name, zone.zoneId);
    zone.vpcIds = [...zone.vpcIds, vpcId];
    return { ChangeInfo: { Id: `/change/C${sim.id('chg').slice(4)}`, Status: 'PENDING' } };
  },
  DisassociateVPCFromHostedZone(sim, input: r53.DisassociateVPCFromHostedZoneRequest) {
    const zone = zoneOf(sim, input.HostedZoneId);
    const vpcId = input.VPC?.VPCId ?? '';
    if (!zone.vpcIds.includes(vpcId))
      throw r53Error(
        'VPCAssociationNotFound',
        `The VPC ${vpcId} is not associated with the hosted zone ${zone.zoneId}`,
        404,
      );
    if (zone.vpcIds.length === 1)
      throw r53Error('LastVPCAssociation', `The VPC ${vpcId} is the last one associated with ${zone.zoneId}`);
    zone.vpcIds = zone.vpcIds.filter((id) => id !== vpcId);
    return { ChangeInfo: { Id: `/change/C${sim.id('chg').slice(4)}`, Status: 'PENDING' } };
  },
};

/** Route 53's buckets for one simulated account, on its clock. */
class Route53Buckets {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly sim: SimEc2) {}

  private bucket(key: string): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      const [size, rate] = ROUTE53_BUCKETS[key] ?? ROUTE53_BUCKETS.default!;
      b = new TokenBucket(size, rate, this.sim.clock);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Both the account's and the action's bucket must give a token. */
  take(command: string): boolean {
    if (!this.sim.options.throttling) return true;
    const action = this.bucket(command);
    const account = this.bucket('account');
    return account.tryTake() && action.tryTake();
  }
}

export function installSimRoute53(
  sim: SimEc2,
  mock: AwsClientStub<Route53Client> = mockClient(Route53Client),
): AwsClientStub<Route53Client> {
  mock.reset();
  const buckets = new Route53Buckets(sim);
  const retries = new SdkRetries(sim.clock, sim.options.sdkRetries === false ? 1 : 5);
  mock.callsFake((input: object) => {
    throw new Error(
      `the simulated Route 53 does not implement this command: ${JSON.stringify(input).slice(0, 200)}`,
    );
  });
  for (const [name, handler] of Object.entries(handlers)) {
    const command = (r53 as unknown as Record<string, new (input: object) => r53.GetHostedZoneCommand>)[
      `${name}Command`
    ];
    if (!command) throw new Error(`no SDK command ${name}Command`);
    mock.on(command).callsFake(async (input: object, getClient: () => Route53Client) => {
      await signedAs(getClient());
      const answer = () => {
        const mutating = MUTATING.test(name);
        const throttled = !buckets.take(name);
        sim.route53Calls.push({ command: name, at: sim.clock.now(), throttled, mutating });
        if (throttled) throw r53Error('Throttling', 'Rate exceeded');
        const failure = sim.injectedFailure(name);
        if (failure) throw r53Error(failure.code, failure.message);
        const output = structuredClone(handler(sim, input));
        if (mutating) sim.afterRoute53Call?.(name);
        for (const watcher of sim.watchers) watcher(name);
        return output;
      };
      // Each attempt takes the simulator's latency, as EC2's calls do.
      return retries.call(() => {
        const latency = sim.clock.pause(sim.options.latencyMs);
        return latency ? latency.then(answer) : answer();
      });
    });
  }
  return mock;
}
