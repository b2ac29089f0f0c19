import { addressesCovered, canonicalCidr, cidrContains, PRIVATE_RANGES } from './cidr';
import type { OrchestratorConfig } from './config';
import { TAG_PREFIX } from './config';
import { InvalidTagError, type TagProblem } from './errors';
import type {
  AzPolicy,
  DesiredState,
  PolicyKind,
  RouteTableSelector,
  SubnetSelector,
  WantedService,
} from './model';
import { nearMiss } from './near-miss';
import { endpointServiceRefusal } from './endpoint-services';
import { parseOneService, parseResourceToken } from './service-tokens';

export const TAG_KEYS = {
  services: 'privatelink:services',
  profile: 'privatelink:profile',
  subnets: 'privatelink:subnets',
  routeTables: 'privatelink:route-tables',
  privateDns: 'privatelink:private-dns',
  allowedCidrs: 'privatelink:allowed-cidrs',
  policy: 'privatelink:policy',
  prune: 'privatelink:prune',
  mode: 'privatelink:mode',
  azs: 'privatelink:azs',
  ipAddressType: 'privatelink:ip-address-type',
  cutover: 'privatelink:cutover',
  resources: 'privatelink:resources',
  share: 'privatelink:share',
  use: 'privatelink:use',
} as const;

const KNOWN_KEYS = new Set<string>(Object.values(TAG_KEYS));
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8,17}$/;
const SUBNET_TAG_FILTER = /^tag:([^=]+)=(.*)$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

export interface TagContext {
  region: string;
  config: OrchestratorConfig;
  /** The VPC's own CIDR blocks: allowed CIDRs inside them are accepted even when not private. */
  vpcCidrs?: string[];
}

/** Splits a tag value on commas and/or white space, dropping empty pieces. */
export function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** True when the VPC's tags opt it in (it names services, a profile or resources). */
export function isOptedIn(tags: Record<string, string>): boolean {
  return Boolean(
    tags[TAG_KEYS.services]?.trim() || tags[TAG_KEYS.profile]?.trim() || tags[TAG_KEYS.resources]?.trim(),
  );
}

/**
 * Turns a VPC's `privatelink:*` tags into the desired state, or throws one InvalidTagError listing every
 * bad tag with its value and what is accepted. Tags of other prefixes are ignored.
 */
export function parseDesiredState(tags: Record<string, string>, ctx: TagContext): DesiredState {
  const { desired, problems } = readDesiredState(tags, ctx);
  if (problems.length > 0) throw new InvalidTagError(problems);
  return desired;
}

/** What the tags ask for, their problems, and the config's profile names (a service tag may name one). */
export interface DesiredStateRead {
  desired: DesiredState;
  problems: TagProblem[];
  profiles?: string[];
}

/**
 * The desired state the valid tags ask for, and the problems of the others: what a caller needs to check
 * more (the region's offer) before it reports every problem at once.
 */
export function readDesiredState(tags: Record<string, string>, ctx: TagContext): DesiredStateRead {
  const problems: TagProblem[] = [];
  for (const key of Object.keys(tags)) {
    if (key.startsWith(TAG_PREFIX) && !KNOWN_KEYS.has(key)) {
      const meant = nearMiss(key, KNOWN_KEYS);
      problems.push({
        key,
        value: tags[key] ?? '',
        accepted: `one of the keys ${[...KNOWN_KEYS].join(', ')}`,
        ...(meant ? { reason: `did you mean ${meant}?` } : {}),
      });
    }
  }
  const desired: DesiredState = {
    services: parseServices(tags, ctx, problems),
    subnets: parseSubnets(tags[TAG_KEYS.subnets], problems),
    routeTables: parseRouteTables(tags[TAG_KEYS.routeTables], problems),
    privateDns: parseBool(TAG_KEYS.privateDns, tags[TAG_KEYS.privateDns], true, problems),
    allowedCidrs: parseCidrs(tags[TAG_KEYS.allowedCidrs], ctx, problems),
    policy: parsePolicy(tags[TAG_KEYS.policy], ctx.config, problems),
    prune: parseBool(TAG_KEYS.prune, tags[TAG_KEYS.prune], true, problems),
    mode: parseEnum(TAG_KEYS.mode, tags[TAG_KEYS.mode], ['apply', 'plan'] as const, 'apply', problems),
    azs: azPolicyOf(tags, ctx.config, problems),
    ipAddressType: parseEnum(
      TAG_KEYS.ipAddressType,
      tags[TAG_KEYS.ipAddressType],
      ['auto', 'ipv4', 'dualstack'] as const,
      'auto',
      problems,
    ),
    cutover: parseEnum(
      TAG_KEYS.cutover,
      tags[TAG_KEYS.cutover],
      ['auto', 'safe', 'direct'] as const,
      'auto',
      problems,
    ),
  };
  Object.assign(desired, centralRoleOf(tags, desired.services, ctx.config, problems));
  return { desired, problems, profiles: Object.keys(ctx.config.profiles) };
}

/**
 * The desired state the tags ask for, once every service they name is checked against what the region
 * offers: every problem at once — the tags' own and the services not offered as the wanted type — as one
 * InvalidTagError. The one rule Plan, the drift check and `status` refuse a VPC's tags by.
 */
export function offeredDesiredState(
  read: DesiredStateRead,
  tags: Record<string, string>,
  snapshot: { region: string; offers: Record<string, { types: string[] }>; offeredServiceNames?: string[] },
): DesiredState {
  const problems = [...read.problems, ...unofferedServices(read.desired, tags, snapshot, read.profiles)];
  if (problems.length > 0) throw new InvalidTagError(problems);
  return read.desired;
}

/**
 * The wanted services the region does not offer as the wanted type, as tag problems of the tag that asked
 * for them (the services tag when it names the service, else the profile).
 */
export function unofferedServices(
  desired: DesiredState,
  tags: Record<string, string>,
  snapshot: { region: string; offers: Record<string, { types: string[] }>; offeredServiceNames?: string[] },
  profiles: string[] = [],
): TagProblem[] {
  return desired.services.flatMap((service) => {
    // A resource configuration is admitted by its ARN; whether it is shared with the account, EC2 says at creation.
    if (service.type === 'Resource') return [];
    const offer = snapshot.offers[service.serviceName];
    const named = splitList(tags[TAG_KEYS.services] ?? '').some(
      (token) => token.split(':')[0] === service.name || token.split(':')[0] === service.serviceName,
    );
    const key = named || !tags[TAG_KEYS.profile] ? TAG_KEYS.services : TAG_KEYS.profile;
    if (service.allowListed) {
      const reason = endpointServiceRefusal(service, offer, snapshot.region);
      return reason
        ? [
            {
              key,
              value: tags[key] ?? '',
              reason,
              accepted: 'endpoint services the allow-list admits and EC2 lists to this account',
            },
          ]
        : [];
    }
    if (offer?.types.includes(service.type)) return [];
    if (service.serviceRegion)
      return [
        {
          key,
          value: tags[key] ?? '',
          reason: `"${service.serviceName}" is not offered cross-region to ${snapshot.region}: EC2 does not list it for service region ${service.serviceRegion}`,
          accepted: `services EC2 lists as available from ${snapshot.region} (aws ec2 describe-vpc-endpoint-services --service-region ${service.serviceRegion})`,
        },
      ];
    const article = service.type === 'Interface' ? 'an' : 'a';
    // A typo of a service the region offers (its short name: what tags say).
    const prefix = service.serviceName.slice(0, service.serviceName.length - service.name.length);
    const offered = (snapshot.offeredServiceNames ?? Object.keys(snapshot.offers))
      .filter((name) => name.startsWith(prefix))
      .map((name) => name.slice(prefix.length));
    const meant = offer ? undefined : nearMiss(service.name, offered);
    // A profile's name in the services tag: the tag meant the profile.
    const profileHint =
      !offer && named && profiles.includes(service.name)
        ? `; "${service.name}" is a profile: ${TAG_KEYS.profile}=${service.name}`
        : '';
    return [
      {
        key,
        value: tags[key] ?? '',
        reason: `"${service.name}" is not offered as ${article} ${service.type.toLowerCase()} endpoint service in ${snapshot.region}${offer ? ` (offered as: ${offer.types.join(', ')})` : ''}${meant ? `; did you mean "${meant}"?` : ''}${profileHint}`,
        accepted: `services the region offers, with the endpoint type it offers them as`,
      },
    ];
  });
}

function parseServices(
  tags: Record<string, string>,
  ctx: TagContext,
  problems: TagProblem[],
): WantedService[] {
  const tokens: { token: string; key: string; raw: string }[] = [];
  const profileValue = tags[TAG_KEYS.profile];
  for (const profile of splitList(profileValue ?? '')) {
    // Own keys only: a profile named "constructor" or "__proto__" is just an unknown profile.
    const members = Object.hasOwn(ctx.config.profiles, profile) ? ctx.config.profiles[profile] : undefined;
    if (!members) {
      const known = Object.keys(ctx.config.profiles);
      const meant = nearMiss(profile, known);
      problems.push({
        key: TAG_KEYS.profile,
        value: profileValue ?? '',
        accepted: known.length ? `profile names from the config: ${known.join(', ')}` : 'none are configured',
        reason: `unknown profile "${profile}"${meant ? `; did you mean "${meant}"?` : ''}`,
      });
      continue;
    }
    members.forEach((token) => tokens.push({ token, key: TAG_KEYS.profile, raw: profileValue ?? '' }));
  }
  const servicesValue = tags[TAG_KEYS.services] ?? '';
  splitList(servicesValue).forEach((token) =>
    tokens.push({ token, key: TAG_KEYS.services, raw: servicesValue }),
  );

  const wanted = new Map<string, WantedService>();
  for (const { token, key, raw } of tokens) {
    const service = parseOneService(token, key, raw, ctx, problems);
    if (service) wanted.set(`${service.serviceName}|${service.type}`, service);
  }
  const resourcesValue = tags[TAG_KEYS.resources] ?? '';
  for (const token of splitList(resourcesValue)) {
    const problem = (reason: string, accepted = '') =>
      problems.push({ key: TAG_KEYS.resources, value: resourcesValue, accepted, reason });
    const resource = parseResourceToken(token, ctx, problem);
    if (resource) wanted.set(`${resource.serviceName}|${resource.type}`, resource);
  }
  return [...wanted.values()].sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}

/**
 * `privatelink:share` (a central VPC: `all` or some of its interface services) and `privatelink:use` (a
 * spoke: `central` or the central VPC's id); docs/architecture.md, "Centralized endpoints".
 */
function centralRoleOf(
  tags: Record<string, string>,
  services: WantedService[],
  config: OrchestratorConfig,
  problems: TagProblem[],
): Pick<DesiredState, 'share' | 'use'> {
  const shareValue = tags[TAG_KEYS.share]?.trim() ?? '';
  const useValue = tags[TAG_KEYS.use]?.trim() ?? '';
  if (!shareValue && !useValue) return {};
  // Problems quote the tag's value as written.
  const problem = (key: string, accepted: string, reason?: string) =>
    problems.push({ key, value: tags[key] ?? '', accepted, ...(reason ? { reason } : {}) });
  if (!config.central) {
    const key = shareValue ? TAG_KEYS.share : TAG_KEYS.use;
    problem(key, 'no value: central endpoints are off', 'the deployed config has no "central" section');
    return {};
  }
  if (shareValue && useValue) {
    problem(
      TAG_KEYS.use,
      `no ${TAG_KEYS.use} on a VPC tagged ${TAG_KEYS.share}`,
      'a central VPC serves its own names',
    );
    return {};
  }
  if (useValue) {
    const use = useValue.toLowerCase();
    if (use === 'central' || VPC_ID.test(use)) return { use };
    problem(TAG_KEYS.use, "central, or the central VPC's id (vpc-0abc…) where a region has several");
    return {};
  }
  const shareable = services.filter(isShareable).map((s) => s.name);
  const accepted = `all, or some of this VPC's interface AWS services (${shareable.join(', ') || 'it names none'})`;
  if (shareValue.toLowerCase() === 'all') return { share: shareable };
  const names = [...new Set(splitList(shareValue.toLowerCase()))];
  const unknown = names.filter((n) => !shareable.includes(n));
  if (unknown.length > 0) {
    problem(
      TAG_KEYS.share,
      accepted,
      `not interface AWS services this VPC's ${TAG_KEYS.services} names: ${unknown.join(', ')}`,
    );
    return {};
  }
  return { share: names.sort() };
}

/** Shared from a central VPC: AWS's own interface services of its region (gateways are free and only local). */
export const isShareable = (s: WantedService) => s.type === 'Interface' && !s.allowListed && !s.serviceRegion;

function parseSubnets(value: string | undefined, problems: TagProblem[]): SubnetSelector {
  if (value === undefined || value.trim() === '') return { kind: 'default' };
  const accepted = 'subnet ids (subnet-0abc…) separated by commas or spaces, or tag:<Key>=<Value>';
  const tagMatch = SUBNET_TAG_FILTER.exec(value.trim());
  if (tagMatch) {
    const [, key = '', tagValue = ''] = tagMatch;
    return { kind: 'tag', key: key.trim(), value: tagValue.trim() };
  }
  const ids = splitList(value);
  const bad = ids.filter((id) => !SUBNET_ID.test(id));
  if (bad.length > 0) {
    problems.push({ key: TAG_KEYS.subnets, value, accepted, reason: `not subnet ids: ${bad.join(', ')}` });
    return { kind: 'default' };
  }
  return { kind: 'ids', ids: [...new Set(ids)] };
}

function parseRouteTables(value: string | undefined, problems: TagProblem[]): RouteTableSelector {
  const trimmed = value?.trim().toLowerCase() ?? '';
  if (trimmed === '' || trimmed === 'all') return { kind: 'all' };
  if (trimmed === 'private') return { kind: 'private' };
  const ids = splitList(trimmed);
  const bad = ids.filter((id) => !ROUTE_TABLE_ID.test(id));
  if (bad.length > 0) {
    problems.push({
      key: TAG_KEYS.routeTables,
      value: value ?? '',
      accepted: 'all, private, or route table ids (rtb-0abc…) separated by commas or spaces',
      reason: `not route table ids: ${bad.join(', ')}`,
    });
    return { kind: 'all' };
  }
  return { kind: 'ids', ids: [...new Set(ids)] };
}

const AZS_ACCEPTED =
  'all, a number of AZs (1 or more), or per service such as ssm=1,logs=2 (with all or a number as the default)';

/** `all` | `2` | `ssm=1,logs=2` (a bare `all` or number among them sets the default); undefined if malformed. */
export function parseAzPolicy(value: string): AzPolicy | undefined {
  const policy: AzPolicy = { default: 'all', perService: {} };
  const count = (v: string): 'all' | number | undefined =>
    v === 'all' ? 'all' : /^[1-9]\d*$/.test(v) ? Number(v) : undefined;
  const tokens = splitList(value.toLowerCase());
  if (tokens.length === 0) return undefined;
  for (const token of tokens) {
    const [name, n] = token.includes('=') ? token.split('=') : [undefined, token];
    const azs = count(n ?? '');
    if (azs === undefined || name === '') return undefined;
    if (name === undefined) policy.default = azs;
    else policy.perService[name] = azs;
  }
  return policy;
}

/** The VPC's AZ policy: its tag, else the config's for its profile, else the config's default. */
function azPolicyOf(tags: Record<string, string>, config: OrchestratorConfig, problems: TagProblem[]) {
  const value = tags[TAG_KEYS.azs]?.trim();
  const profile = tags[TAG_KEYS.profile]?.trim() ?? '';
  const fallback = Object.hasOwn(config.profileAzs, profile)
    ? (config.profileAzs[profile] ?? config.azs)
    : config.azs;
  if (!value) return parseAzPolicy(fallback);
  const policy = parseAzPolicy(value);
  if (!policy) problems.push({ key: TAG_KEYS.azs, value: tags[TAG_KEYS.azs] ?? '', accepted: AZS_ACCEPTED });
  return policy ?? parseAzPolicy(fallback);
}

function parseBool(
  key: string,
  value: string | undefined,
  fallback: boolean,
  problems: TagProblem[],
): boolean {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  problems.push({ key, value: value ?? '', accepted: 'true or false' });
  return fallback;
}

function parseEnum<T extends string>(
  key: string,
  value: string | undefined,
  options: readonly T[],
  fallback: T,
  problems: TagProblem[],
): T {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return fallback;
  const match = options.find((o) => o === v);
  if (match) return match;
  problems.push({ key, value: value ?? '', accepted: options.join(' or ') });
  return fallback;
}

function parsePolicy(
  value: string | undefined,
  config: OrchestratorConfig,
  problems: TagProblem[],
): PolicyKind {
  const policy = parseEnum(
    TAG_KEYS.policy,
    value,
    ['default', 'account', 'org'] as const,
    config.defaultPolicy,
    problems,
  );
  if (policy === 'org' && !config.orgId) {
    problems.push({
      key: TAG_KEYS.policy,
      value: value ?? '',
      accepted: 'default or account',
      reason: 'org needs orgId in the deployed config, and none is set',
    });
  }
  return policy;
}

/**
 * IPv4 CIDRs, canonical (no host bits), each private (RFC 1918, RFC 6598) or inside the VPC, and together
 * no more addresses than the config allows: endpoints are never opened to the internet, not even by
 * pieces (0.0.0.0/1 and 128.0.0.0/1).
 */
function parseCidrs(
  value: string | undefined,
  ctx: TagContext,
  problems: TagProblem[],
): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const max = ctx.config.allowedCidrsMaxAddresses;
  const accepted =
    'IPv4 CIDR blocks such as 10.0.0.0/16 (no host bits) inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, ' +
    `100.64.0.0/10 or the VPC's own blocks, at most ${max.toLocaleString('en-US')} addresses together, separated by commas or spaces`;
  const problem = (reason: string) => problems.push({ key: TAG_KEYS.allowedCidrs, value, accepted, reason });
  const cidrs = [...new Set(splitList(value))];
  const malformed = cidrs.filter((c) => canonicalCidr(c) !== c);
  if (malformed.length > 0) return void problem(`not CIDR blocks without host bits: ${malformed.join(', ')}`);
  const inside = [...PRIVATE_RANGES, ...(ctx.vpcCidrs ?? [])];
  const outside = cidrs.filter((c) => !inside.some((range) => cidrContains(range, c)));
  if (outside.length > 0) return void problem(`neither private nor inside the VPC: ${outside.join(', ')}`);
  const covered = addressesCovered(cidrs);
  if (covered > max)
    return void problem(
      `they cover ${covered.toLocaleString('en-US')} addresses, more than ${max.toLocaleString('en-US')} (config allowedCidrsMaxAddresses)`,
    );
  return cidrs;
}

/** The `desired` object of an execution input uses the tag names without the prefix. */
export function desiredInputToTags(desired: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [field, value] of Object.entries(desired)) {
    const key = `${TAG_PREFIX}${field}`;
    tags[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return tags;
}
