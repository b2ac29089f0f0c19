import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { TokenBucket, VirtualClock } from './clock';
import type { Route53Call } from './sim-route53';
import type {
  SimEndpoint,
  SimResourceConfiguration,
  SimHostedZone,
  SimManagedList,
  SimRouteTable,
  SimRule,
  SimSecurityGroup,
  SimServiceOffer,
  SimSubnet,
  SimVpc,
  Tags,
} from './state';

/**
 * A stateful, simulated EC2 for one account and region. It follows AWS where our correctness depends on
 * AWS's behaviour; each rule cites the documentation it follows. Wired to the SDK by `installSimEc2`.
 */

export type ThrottleCategory = 'read' | 'mutating' | 'endpoint';

export interface SimOptions {
  region?: string;
  accountId?: string;
  /** Items per page of Describe* answers (AWS pages too; small here so pagination is exercised). */
  pageSize?: number;
  /** Virtual time each call takes. */
  latencyMs?: number;
  /** Time a new endpoint spends pending. */
  pendingMs?: { Interface: number; Gateway: number };
  deletingMs?: number;
  /**
   * `error`: an empty bucket answers RequestLimitExceeded (as EC2 does). `wait`: the call waits on the
   * virtual clock for a token, as an ideal client-side rate limiter would (benchmarks).
   */
  throttleMode?: 'error' | 'wait';
  /** Index resources by VPC for vpc-id filters (large benchmark fleets; the world must not change after). */
  indexByVpc?: boolean;
  /** Time a doomed endpoint (its service in failingServices) spends pending before it goes failed. */
  failingMs?: number;
  throttling?: boolean;
  /** Share of calls EC2 answers RequestLimitExceeded at random (other tools spending the account's bucket). */
  throttleRate?: number;
  /** The SDK's own retries (sdk-retries.ts); off, each throttle reaches the step as the first attempt's. */
  sdkRetries?: boolean;
  /**
   * Eventual consistency: a new endpoint is missing from DescribeVpcEndpoints for this long after it is
   * created (by id: InvalidVpcEndpointId.NotFound). EC2's API is eventually consistent; a resource just
   * created may not be returned by a describe at once.
   * https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
   */
  describeLagMs?: number;
  /**
   * ModifyVpcEndpoint on an endpoint still pending is refused (IncorrectState): its configuration is
   * being applied. https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html (endpoint states)
   */
  refuseModifyWhilePending?: boolean;
  /**
   * An endpoint passes traffic only this long after it turned available (the live probe's answers follow
   * it): 20-30 s are typical. https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
   */
  workingAfterMs?: number;
}

interface InjectedFailure {
  command: string;
  code: string;
  message: string;
  remaining: number;
}

export interface CallRecord {
  command: string;
  category: ThrottleCategory;
  at: number;
  throttled: boolean;
}

/**
 * The EC2 request-rate buckets (bucket size, refill per second) AWS publishes.
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html — non-mutating actions 100/20,
 * mutating actions 50/5, and CreateVpcEndpoint / ModifyVpcEndpoint / DeleteVpcEndpoints 4/0.3.
 */
export const PUBLISHED_BUCKETS: Record<ThrottleCategory, [number, number]> = {
  read: [100, 20],
  mutating: [50, 5],
  endpoint: [4, 0.3],
};
const ENDPOINT_MUTATIONS = new Set(['CreateVpcEndpoint', 'ModifyVpcEndpoint', 'DeleteVpcEndpoints']);

export function ec2Error(code: string, message: string): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    $fault: code === 'RequestLimitExceeded' || code.startsWith('Internal') ? 'server' : 'client',
    $metadata: { httpStatusCode: code === 'RequestLimitExceeded' ? 503 : 400 },
    message,
  });
}

export class SimEc2 {
  readonly clock = new VirtualClock();
  readonly region: string;
  readonly accountId: string;
  readonly calls: CallRecord[] = [];
  /**
   * One call to the simulated EC2 as the SDK makes it: its latency, then admission and the answer. Returns
   * at once while the clock moves by hand; on a shared clock, once the latency has passed for everyone.
   */
  respond(command: string, answer: () => unknown): unknown {
    const finish = () => {
      this.admit(command);
      const output = structuredClone(answer());
      this.afterCall?.(command);
      for (const watcher of this.watchers) watcher(command);
      return output;
    };
    const latency = this.clock.pause(this.options.latencyMs);
    return latency ? latency.then(finish) : finish();
  }

  /** Runs after a call took effect, before its answer returns: where a test makes the caller crash. */
  afterCall?: (command: string) => void;
  /** Every call to the simulated Route 53 (sim-route53.ts), apart from EC2's. */
  readonly route53Calls: Route53Call[] = [];
  /** Runs after a Route 53 change took effect: where a test makes the caller crash. */
  afterRoute53Call?: (command: string) => void;
  /** Tests' observers of every call that took effect (afterCall belongs to the harness). */
  readonly watchers: ((command: string) => void)[] = [];
  readonly vpcs = new Map<string, SimVpc>();
  readonly subnets = new Map<string, SimSubnet>();
  readonly routeTables = new Map<string, SimRouteTable>();
  readonly securityGroups = new Map<string, SimSecurityGroup>();
  readonly endpoints = new Map<string, SimEndpoint>();
  readonly offers = new Map<string, SimServiceOffer>();
  /** Resource configurations of other accounts, by ARN (resource endpoints reach them). */
  readonly resourceConfigurations = new Map<string, SimResourceConfiguration>();
  readonly prefixLists = new Map<string, string>();
  /** Customer-managed prefix lists (api-prefix-lists.ts). */
  readonly managedLists = new Map<string, SimManagedList>();
  /** Route 53 private hosted zones (answered by the simulated Route 53: sim-route53.ts). */
  readonly hostedZones = new Map<string, SimHostedZone>();
  /** Services whose next created endpoints go `failed` instead of `available`. */
  readonly failingServices = new Set<string>();
  private readonly tokens = new Map<string, { params: string; endpointId: string }>();
  private readonly failures: InjectedFailure[] = [];
  private readonly buckets: Record<ThrottleCategory, TokenBucket>;
  private counter = 0;
  private throttleSeed = 7;

  /** A seeded draw for throttleRate: the same simulation throttles the same calls every time. */
  private randomThrottle(): number {
    this.throttleSeed = (this.throttleSeed * 1103515245 + 12345) % 2 ** 31;
    return this.throttleSeed / 2 ** 31;
  }
  readonly options: Required<SimOptions>;

  constructor(options: SimOptions = {}) {
    this.options = {
      region: 'us-east-1',
      accountId: '111122223333',
      pageSize: 5,
      latencyMs: 0,
      pendingMs: { Interface: 90_000, Gateway: 5_000 },
      deletingMs: 30_000,
      failingMs: 20_000,
      throttling: true,
      throttleMode: 'error',
      indexByVpc: false,
      throttleRate: 0,
      sdkRetries: true,
      describeLagMs: 0,
      refuseModifyWhilePending: true,
      workingAfterMs: 25_000,
      ...options,
    };
    this.region = this.options.region;
    this.accountId = this.options.accountId;
    const bucket = ([size, rate]: [number, number]) => new TokenBucket(size, rate, this.clock);
    this.buckets = {
      read: bucket(PUBLISHED_BUCKETS.read),
      mutating: bucket(PUBLISHED_BUCKETS.mutating),
      endpoint: bucket(PUBLISHED_BUCKETS.endpoint),
    };
    for (const svc of ['s3', 'dynamodb']) this.prefixLists.set(this.serviceName(svc), this.id('pl'));
  }

  serviceName(short: string): string {
    return `com.amazonaws.${this.region}.${short}`;
  }

  id(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter.toString(16).padStart(17, '0')}`;
  }

  /** The next `count` calls of `command` fail with `code` (RequestLimitExceeded, InternalError, …). */
  failNext(command: string, code: string, count = 1, message = `injected ${code}`): void {
    this.failures.push({ command, code, message, remaining: count });
  }

  /** Every call goes through here, after its latency: the throttling buckets, then injected failures. */
  admit(command: string): void {
    const category: ThrottleCategory = ENDPOINT_MUTATIONS.has(command)
      ? 'endpoint'
      : /^(Describe|Get|List)/.test(command)
        ? 'read'
        : 'mutating';
    if (this.options.throttling && this.options.throttleMode === 'wait') {
      // An ideal client-side limiter: the benchmarks of one caller at a time only (the clock moves by hand).
      this.clock.advance(this.buckets[category].waitMs());
    }
    const throttled =
      (this.options.throttling && !this.buckets[category].tryTake()) ||
      (this.options.throttleRate > 0 && this.randomThrottle() < this.options.throttleRate);
    this.calls.push({ command, category, at: this.clock.now(), throttled });
    if (throttled) throw ec2Error('RequestLimitExceeded', 'Request limit exceeded.');
    const failure = this.injectedFailure(command);
    if (failure) throw ec2Error(failure.code, failure.message);
  }

  /** The failure failNext injected for this call of `command` (EC2's or Route 53's), spent. */
  injectedFailure(command: string): { code: string; message: string } | undefined {
    const failure = this.failures.find((f) => f.command === command && f.remaining > 0);
    if (failure) failure.remaining -= 1;
    return failure;
  }

  private index?: Map<string, Map<string, unknown[]>>;

  /** The resources of a collection in the given VPCs, from an index built once (see indexByVpc). */
  inVpcs<T extends { vpcId: string }>(name: string, collection: Map<string, T>, vpcIds: string[]): T[] {
    this.index ??= new Map();
    let byVpc = this.index.get(name) as Map<string, T[]> | undefined;
    if (!byVpc) {
      byVpc = new Map();
      for (const item of collection.values()) byVpc.set(item.vpcId, [...(byVpc.get(item.vpcId) ?? []), item]);
      this.index.set(name, byVpc as Map<string, unknown[]>);
    }
    return vpcIds.flatMap((id) => byVpc?.get(id) ?? []);
  }

  callCount(filter: (c: CallRecord) => boolean = () => true): number {
    return this.calls.filter(filter).length;
  }

  // ---- world building ---------------------------------------------------------------------------

  addOffer(
    short: string,
    types: ('Gateway' | 'Interface')[],
    zones?: string[],
    privateDns = true,
    ipAddressTypes: ('ipv4' | 'ipv6')[] = ['ipv4'],
  ): void {
    const name = this.serviceName(short);
    this.offers.set(name, {
      serviceName: name,
      types,
      availabilityZones: zones ?? ['a', 'b', 'c', 'd'].map((z) => `${this.region}${z}`),
      privateDnsName:
        privateDns && types.includes('Interface') ? `${short}.${this.region}.amazonaws.com` : undefined,
      policySupported: true,
      ipAddressTypes,
    });
  }

  /**
   * An endpoint service of another account (an NLB behind it, not modelled): its name, owner, whether its
   * owner accepts each endpoint by hand, and its private DNS name with that name's verification state.
   */
  addEndpointService(
    opts: {
      owner?: string;
      acceptanceRequired?: boolean;
      privateDnsName?: string;
      verification?: SimServiceOffer['privateDnsVerification'];
      zones?: string[];
      /** Its id (vpce-svc-…), when a test's config names it before the world is built. */
      id?: string;
    } = {},
  ): string {
    const name = `com.amazonaws.vpce.${this.region}.${opts.id ?? this.id('vpce-svc')}`;
    this.offers.set(name, {
      serviceName: name,
      types: ['Interface'],
      availabilityZones: opts.zones ?? ['a', 'b', 'c'].map((z) => `${this.region}${z}`),
      privateDnsName: opts.privateDnsName,
      policySupported: false,
      owner: opts.owner ?? '444455556666',
      acceptanceRequired: opts.acceptanceRequired ?? false,
      ...(opts.privateDnsName ? { privateDnsVerification: opts.verification ?? 'verified' } : {}),
    });
    return name;
  }

  /**
   * An AWS service of another region, offered cross-region to this one or not (AWS's list of cross-region
   * enabled services; https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).
   * The endpoint goes in this region's AZs, so those are the zones listed (a simulator assumption).
   */
  addRemoteOffer(serviceRegion: string, short: string, crossRegion = true): string {
    const name = `com.amazonaws.${serviceRegion}.${short}`;
    this.offers.set(name, {
      serviceName: name,
      types: ['Interface'],
      availabilityZones: ['a', 'b', 'c'].map((z) => `${this.region}${z}`),
      privateDnsName: `${short}.${serviceRegion}.amazonaws.com`,
      policySupported: true,
      serviceRegion,
      crossRegion,
    });
    return name;
  }

  /**
   * A resource configuration of another account (an RDS database, a domain behind a resource gateway),
   * shared with this account through RAM and accepted, or not (then EC2 refuses a resource endpoint to it:
   * https://docs.aws.amazon.com/vpc/latest/privatelink/use-resource-endpoint.html, "Prerequisites").
   */
  addResourceConfiguration(opts: { owner?: string; shared?: boolean; id?: string } = {}): string {
    const id = opts.id ?? `rcfg-${this.id('x').slice(2).padStart(17, '0')}`;
    const arn = `arn:aws:vpc-lattice:${this.region}:${opts.owner ?? '444455556666'}:resourceconfiguration/${id}`;
    this.resourceConfigurations.set(arn, { arn, shared: opts.shared ?? true });
    return arn;
  }

  /**
   * The service's owner accepts (AcceptVpcEndpointConnections in their account): the endpoint goes
   * pending, then available as a new one does.
   */
  acceptEndpoint(endpointId: string): void {
    const e = this.endpoints.get(endpointId);
    if (e?.state !== 'pendingAcceptance') throw new Error(`${endpointId} is not awaiting acceptance`);
    e.state = 'pending';
    e.settlesAt = this.clock.now() + this.options.pendingMs.Interface;
  }

  /** The service's owner rejects (RejectVpcEndpointConnections): the endpoint stays, rejected. */
  rejectEndpoint(endpointId: string): void {
    const e = this.endpoints.get(endpointId);
    if (e?.state !== 'pendingAcceptance') throw new Error(`${endpointId} is not awaiting acceptance`);
    e.state = 'rejected';
    e.networkInterfaceIds = [];
  }

  /**
   * An endpoint service's private DNS works only for a verified name, and only once its owner accepted
   * the endpoint: EC2 refuses it before. https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html
   * (verification) and terraform-provider-aws #7148 (EC2's refusal of private DNS before acceptance).
   */
  private checkServiceDns(serviceName: string, state: SimEndpoint['state'] | undefined): void {
    const offer = this.offers.get(serviceName);
    if (!offer?.owner) return;
    if (!offer.privateDnsName || (offer.privateDnsVerification ?? 'verified') !== 'verified')
      throw ec2Error(
        'InvalidParameter',
        `Private DNS can't be enabled because the service ${serviceName} has not verified the private DNS name.`,
      );
    if (offer.acceptanceRequired && (state === undefined || state === 'pendingAcceptance'))
      throw ec2Error(
        'InvalidParameter',
        'Private DNS can only be enabled after the endpoint connection is accepted by the service owner.',
      );
  }

  /** A private hosted zone associated with the given VPCs (a centralized-endpoints setup makes these). */
  addHostedZone(name: string, vpcIds: string[]): string {
    const zoneId = `Z${this.id('zone').slice(5).toUpperCase()}`;
    this.hostedZones.set(zoneId, { zoneId, name: name.replace(/\.$/, '').toLowerCase(), vpcIds });
    return zoneId;
  }

  /** The services of a typical region: s3 and dynamodb as gateway and interface, the rest interface. */
  addDefaultOffers(): void {
    this.addOffer('s3', ['Gateway', 'Interface']);
    this.addOffer('dynamodb', ['Gateway', 'Interface']);
    for (const svc of [
      'ssm',
      'ssmmessages',
      'ec2messages',
      'ecr.api',
      'ecr.dkr',
      'logs',
      'sts',
      'kms',
      'secretsmanager',
    ]) {
      this.addOffer(svc, ['Interface']);
    }
  }

  /**
   * A realistic VPC: per AZ a public subnet (route table with 0.0.0.0/0 → igw) and a private subnet (its own
   * route table), plus the main route table. Returns the ids tests need.
   */
  addVpc(opts: { azs?: number; cidr?: string; tags?: Tags; dns?: boolean; ipv6?: boolean } = {}) {
    const vpcId = this.id('vpc');
    const second = 10 + this.vpcs.size;
    const cidr = opts.cidr ?? `10.${second}.0.0/16`;
    const [a, b] = cidr.split('.');
    // An Amazon-provided /56 for the VPC, a /64 of it for each subnet.
    const ipv6 = opts.ipv6
      ? `2600:1f18:ab:${(this.vpcs.size % 256).toString(16).padStart(2, '0')}`
      : undefined;
    let subnetIndex = 0;
    const nextIpv6 = () =>
      ipv6 ? `${ipv6}${(subnetIndex++).toString(16).padStart(2, '0')}::/64` : undefined;
    this.vpcs.set(vpcId, {
      vpcId,
      cidrBlocks: [cidr],
      ...(ipv6 ? { ipv6CidrBlocks: [`${ipv6}00::/56`] } : {}),
      ownerId: this.accountId,
      dnsSupport: opts.dns ?? true,
      dnsHostnames: opts.dns ?? true,
      tags: { ...(opts.tags ?? {}) },
    });
    const local = {
      DestinationCidrBlock: cidr,
      GatewayId: 'local',
      State: 'active' as const,
      Origin: 'CreateRouteTable',
    };
    const mainId = this.id('rtb');
    this.routeTables.set(mainId, {
      routeTableId: mainId,
      vpcId,
      main: true,
      subnetIds: [],
      routes: [{ ...local }],
      tags: {},
    });
    const igw = this.id('igw');
    const publicRt = this.id('rtb');
    this.routeTables.set(publicRt, {
      routeTableId: publicRt,
      vpcId,
      main: false,
      subnetIds: [],
      routes: [
        { ...local },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, State: 'active', Origin: 'CreateRoute' },
      ],
      tags: { Name: 'public' },
    });
    const publicSubnets: string[] = [];
    const privateSubnets: string[] = [];
    const privateRouteTables: string[] = [];
    const azs = opts.azs ?? 3;
    for (let i = 0; i < azs; i += 1) {
      const az = `${this.region}${'abcdef'[i]}`;
      const pub = this.addSubnet(vpcId, az, `${a}.${b}.${i}.0/24`, { Name: `public-${az}` }, 251, nextIpv6());
      this.routeTables.get(publicRt)?.subnetIds.push(pub);
      publicSubnets.push(pub);
      const priv = this.addSubnet(
        vpcId,
        az,
        `${a}.${b}.${100 + i}.0/24`,
        { Name: `private-${az}` },
        251,
        nextIpv6(),
      );
      const rt = this.id('rtb');
      this.routeTables.set(rt, {
        routeTableId: rt,
        vpcId,
        main: false,
        subnetIds: [priv],
        routes: [{ ...local }],
        tags: { Name: `private-${az}` },
      });
      privateSubnets.push(priv);
      privateRouteTables.push(rt);
    }
    const defaultGroup = this.id('sg');
    this.securityGroups.set(defaultGroup, {
      groupId: defaultGroup,
      groupName: 'default',
      vpcId,
      description: 'default VPC security group',
      ingress: [],
      egress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
      tags: {},
    });
    return {
      vpcId,
      mainRouteTable: mainId,
      publicRouteTable: publicRt,
      privateRouteTables,
      publicSubnets,
      privateSubnets,
      defaultGroup,
    };
  }

  addSubnet(
    vpcId: string,
    az: string,
    cidr: string,
    tags: Tags = {},
    availableIpCount = 251,
    ipv6CidrBlock?: string,
  ): string {
    const subnetId = this.id('subnet');
    this.subnets.set(subnetId, {
      subnetId,
      vpcId,
      availabilityZone: az,
      cidrBlock: cidr,
      ...(ipv6CidrBlock ? { ipv6CidrBlock } : {}),
      availableIpCount,
      tags,
    });
    return subnetId;
  }

  /** Whether our endpoint for a service passes traffic now: available, and workingAfterMs after that. */
  passesTraffic(serviceName: string, type: string): boolean {
    return [...this.endpoints.values()].some(
      (e) =>
        e.serviceName === serviceName &&
        e.type === type &&
        e.state === 'available' &&
        this.clock.now() >= e.settlesAt + this.options.workingAfterMs,
    );
  }

  /** Whether a describe sees the endpoint yet (describeLagMs after its creation). */
  visible(e: SimEndpoint): boolean {
    return this.clock.now() - e.createdAt >= this.options.describeLagMs;
  }

  /** Endpoint states move only with the clock: pending settles, deleting disappears. */
  settle(): void {
    const now = this.clock.now();
    for (const e of this.endpoints.values()) {
      if (e.state === 'pending' && now >= e.settlesAt) {
        e.state = e.settlesTo;
        // A failed gateway endpoint leaves no routes behind.
        if (e.state === 'failed') this.removeRoutes(e, e.routeTableIds);
      } else if (e.state === 'deleting' && now >= e.settlesAt) {
        e.state = 'deleted';
        this.endpoints.delete(e.endpointId);
      }
    }
  }

  // ---- gateway routes -------------------------------------------------------------------------------

  /**
   * Associating a route table with a gateway endpoint adds a route whose destination is the service's
   * prefix list and whose target is the endpoint; dissociating removes it; a table can hold one route per
   * prefix list. https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing
   */
  addRoutes(e: SimEndpoint, routeTableIds: string[]): void {
    const pl = this.prefixLists.get(e.serviceName);
    if (!pl) return;
    for (const id of routeTableIds) {
      const rt = this.routeTables.get(id);
      if (!rt || rt.vpcId !== e.vpcId)
        throw ec2Error('InvalidRouteTableId.NotFound', `The routeTable ID '${id}' does not exist`);
      const existing = rt.routes.find((r) => r.DestinationPrefixListId === pl);
      if (existing && existing.GatewayId !== e.endpointId) {
        throw ec2Error(
          'RouteAlreadyExists',
          `route table ${id} already has a route with destination-prefix-list-id ${pl}`,
        );
      }
    }
    for (const id of routeTableIds) {
      const rt = this.routeTables.get(id);
      if (rt && !rt.routes.some((r) => r.DestinationPrefixListId === pl)) {
        rt.routes.push({
          DestinationPrefixListId: pl,
          GatewayId: e.endpointId,
          State: 'active',
          Origin: 'CreateRoute',
        });
      }
    }
  }

  removeRoutes(e: SimEndpoint, routeTableIds: string[]): void {
    for (const id of routeTableIds) {
      const rt = this.routeTables.get(id);
      if (rt) rt.routes = rt.routes.filter((r) => r.GatewayId !== e.endpointId);
    }
  }

  // ---- interface endpoint rules ------------------------------------------------------------------

  /**
   * An interface endpoint takes at most one subnet per Availability Zone.
   * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html ("one subnet per AZ")
   */
  checkOneSubnetPerZone(subnetIds: string[]): void {
    const zones = new Map<string, string>();
    for (const id of subnetIds) {
      const subnet = this.subnets.get(id);
      if (!subnet) throw ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`);
      const other = zones.get(subnet.availabilityZone);
      if (other) {
        throw ec2Error(
          'DuplicateSubnetsInSameZone',
          `Found another VPC endpoint subnet in the availability zone of ${id}`,
        );
      }
      zones.set(subnet.availabilityZone, id);
    }
  }

  /**
   * Private DNS needs both VPC DNS attributes, and one private hosted zone per service per VPC: a second
   * private-DNS endpoint for the same service fails with a conflicting DNS domain.
   * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-share-your-services.html#vpce-private-dns
   * https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html#enable-private-dns-names
   */
  checkPrivateDns(vpc: SimVpc, serviceName: string, self?: string): void {
    this.checkServiceDns(serviceName, self ? this.endpoints.get(self)?.state : undefined);
    if (!vpc.dnsSupport || !vpc.dnsHostnames) {
      throw ec2Error(
        'InvalidParameter',
        `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.vpcId}`,
      );
    }
    // A private hosted zone associated with the VPC for the name (or a parent of it) already answers it:
    // EC2 refuses the endpoint's private DNS. https://repost.aws/knowledge-center/vpc-interface-endpoint-private-dns
    const domain = this.offers.get(serviceName)?.privateDnsName;
    const zone = [...this.hostedZones.values()].find(
      (z) => z.vpcIds.includes(vpc.vpcId) && domain && (domain === z.name || domain.endsWith(`.${z.name}`)),
    );
    if (zone)
      throw ec2Error(
        'InvalidParameter',
        `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${domain} in the VPC ${vpc.vpcId}`,
      );
    const clash = [...this.endpoints.values()].find(
      (e) =>
        e.vpcId === vpc.vpcId &&
        e.serviceName === serviceName &&
        e.privateDns &&
        e.endpointId !== self &&
        !['deleting', 'deleted', 'failed'].includes(e.state),
    );
    if (clash) {
      const domain = this.offers.get(serviceName)?.privateDnsName ?? serviceName;
      throw ec2Error(
        'InvalidParameter',
        `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${domain} in the VPC ${vpc.vpcId}`,
      );
    }
  }

  /**
   * A dual-stack endpoint needs an IPv6 block in each of its subnets and a service that supports IPv6.
   * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html (IP address type)
   */
  checkAddressing(vpc: SimVpc, offer: SimServiceOffer, subnetIds: string[], ipAddressType?: string): void {
    if (!ipAddressType || ipAddressType === 'ipv4') return;
    if (!(offer.ipAddressTypes ?? ['ipv4']).includes('ipv6'))
      throw ec2Error(
        'InvalidParameter',
        `The service ${offer.serviceName} does not support IP address type ${ipAddressType}`,
      );
    const without = subnetIds.find((id) => !this.subnets.get(id)?.ipv6CidrBlock);
    if (without)
      throw ec2Error(
        'InvalidParameter',
        `The subnet ${without} in ${vpc.vpcId} has no IPv6 CIDR block, required for IP address type ${ipAddressType}`,
      );
  }

  /**
   * S3's interface endpoint with private DNS answers on-premises lookups only, by default, and then needs
   * the VPC's gateway endpoint for S3; the option is for interface endpoints of services offered as both.
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html#private-dns,
   * the error as users meet it: github.com/terraform-aws-modules/terraform-aws-vpc/issues/982
   */
  inboundResolverOnly(
    vpc: SimVpc,
    offer: SimServiceOffer,
    type: 'Gateway' | 'Interface',
    privateDns: boolean,
    asked?: boolean,
    current?: boolean,
  ): boolean {
    const both = offer.types.includes('Gateway') && offer.types.includes('Interface');
    if (asked !== undefined && (type !== 'Interface' || !both))
      throw ec2Error(
        'InvalidParameter',
        'DnsOptions PrivateDnsOnlyForInboundResolverEndpoint is applicable only to Interface VPC Endpoints.',
      );
    const inboundOnly = type === 'Interface' && both && privateDns && (asked ?? current ?? true);
    const gateway = [...this.endpoints.values()].some(
      (e) =>
        e.vpcId === vpc.vpcId &&
        e.serviceName === offer.serviceName &&
        e.type === 'Gateway' &&
        !['deleting', 'deleted', 'failed'].includes(e.state),
    );
    if (inboundOnly && !gateway)
      throw ec2Error(
        'InvalidParameter',
        `To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC ${vpc.vpcId} must have a Gateway endpoint for the service.`,
      );
    return inboundOnly;
  }

  /** Same ClientToken and parameters: the same endpoint; same token, other parameters: an error. */
  rememberToken(token: string | undefined, params: string): string | undefined {
    if (!token) return undefined;
    const seen = this.tokens.get(token);
    if (!seen) return undefined;
    // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
    if (seen.params !== params) {
      throw ec2Error(
        'IdempotentParameterMismatch',
        'The client token you have provided is associated with a resource that is already deleted or has different parameters.',
      );
    }
    return seen.endpointId;
  }

  recordToken(token: string | undefined, params: string, endpointId: string): void {
    if (token) this.tokens.set(token, { params, endpointId });
  }

  groupUsers(groupId: string): SimEndpoint[] {
    return [...this.endpoints.values()].filter((e) => e.groupIds.includes(groupId) && e.state !== 'deleted');
  }

  sameRule(a: SimRule, b: SimRule): boolean {
    return (
      a.IpProtocol === b.IpProtocol &&
      a.FromPort === b.FromPort &&
      a.ToPort === b.ToPort &&
      a.CidrIp === b.CidrIp &&
      a.CidrIpv6 === b.CidrIpv6 &&
      a.PrefixListId === b.PrefixListId
    );
  }
}
