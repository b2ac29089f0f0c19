import type { OrchestratorConfig } from './config';
import type { TagProblem } from './errors';
import type { WantedService } from './model';
import { GATEWAY_CAPABLE, defaultEndpointType, isServiceProblem, parseServiceToken } from './services';
import {
  byAlias,
  byName,
  byResource,
  ENDPOINT_SERVICE_NAME,
  RESOURCE_CONFIGURATION_ARN,
} from './endpoint-services';

/** Reports a token's problem: why it is refused, and what is accepted instead. */
type Problem = (reason: string, accepted?: string) => void;

/** What reading a token needs: the VPC's region and the config's lists. */
interface TagContext {
  region: string;
  config: Pick<OrchestratorConfig, 'allowedServices' | 'endpointServices' | 'serviceRegions'>;
}

const SERVICE_ACCEPTED =
  "AWS service names of the VPC region, short (s3, ssm, ecr.api) or full (com.amazonaws.<region>.<service>), optionally with :gateway or :interface, or endpoint services of the config's endpointServices (their alias or full name), separated by commas or spaces";

/**
 * One entry of `privatelink:services` (or of a profile) as a wanted service: an AWS service of the VPC's
 * region, one of another region the config names (cross-region), or an allow-listed endpoint service —
 * or its problem, reported. What tags.ts reads every service token with.
 */
export function parseOneService(
  token: string,
  key: string,
  raw: string,
  ctx: TagContext,
  problems: TagProblem[],
): WantedService | undefined {
  const problem = (reason: string, accepted = SERVICE_ACCEPTED) =>
    problems.push({ key, value: raw, accepted, reason });
  const allowListed = allowListedService(token, ctx, problem);
  if (allowListed !== 'aws') return allowListed;
  const parsed = parseServiceToken(token, ctx.region);
  if (isServiceProblem(parsed) && parsed.kind === 'foreign-region') {
    return crossRegionService(token, parsed.region, ctx, problem);
  }
  if (isServiceProblem(parsed)) {
    if (parsed.kind === 'not-aws') {
      problem(`"${token}" is not an AWS service name`);
    } else if (parsed.kind === 'bad-type') {
      problem(`"${token}" has endpoint type "${parsed.type}"`, 'type suffixes :gateway or :interface');
    } else {
      problem(`"${token}" is not a service name`);
    }
    return undefined;
  }
  if (!inAllowList(parsed.name, ctx, problem)) return undefined;
  const type = parsed.forcedType ?? defaultEndpointType(parsed.name);
  if (type === 'Gateway' && !GATEWAY_CAPABLE.has(parsed.name)) {
    problem(
      `"${token}" cannot be a gateway endpoint`,
      `:gateway only for ${[...GATEWAY_CAPABLE].join(', ')}`,
    );
    return undefined;
  }
  return { name: parsed.name, serviceName: parsed.serviceName, type };
}

/**
 * An entry naming an endpoint service (an alias of the allow-list, or a `com.amazonaws.vpce.` name):
 * the wanted service, or undefined with its problem reported; `aws` for anything else.
 */
function allowListedService(
  token: string,
  ctx: TagContext,
  problem: Problem,
): WantedService | undefined | 'aws' {
  const [namePart = '', typePart, ...rest] = token.toLowerCase().split(':');
  const entries = ctx.config.endpointServices;
  const aliased = byAlias(namePart, entries);
  if (!aliased && !namePart.startsWith('com.amazonaws.vpce.')) return 'aws';
  if (rest.length > 0 || (typePart !== undefined && typePart !== 'interface')) {
    problem(
      `"${token}" is an endpoint service: its endpoints are interface endpoints`,
      'the service alone, or with :interface',
    );
    return undefined;
  }
  const allowed = aliased ?? (ENDPOINT_SERVICE_NAME.test(namePart) ? byName(namePart, entries) : undefined);
  const toAdd = `an entry of the config's endpointServices: { "name": "${namePart}", "alias": "…" } or { "owner": "<its owner's account id>" }`;
  if (!allowed) {
    problem(
      `"${token}" is not an endpoint service name`,
      `com.amazonaws.vpce.<region>.vpce-svc-<8 or 17 hex digits>, or an alias of the config's endpointServices`,
    );
  } else if ('kind' in allowed) {
    problem(`"${namePart}" is not allow-listed: add it to the config (endpointServices)`, toAdd);
  } else if (allowed.region === ctx.region || crossRegionAllowed(token, allowed.region, ctx, problem)) {
    return {
      name: allowed.name,
      serviceName: allowed.serviceName,
      type: 'Interface',
      allowListed: { terms: allowed.terms },
      ...(allowed.region === ctx.region ? {} : { serviceRegion: allowed.region }),
    };
  }
  return undefined;
}

/** An AWS service's short name the config's allowedServices admits (`*`: every one). */
function inAllowList(name: string, ctx: TagContext, problem: Problem) {
  const allowed = ctx.config.allowedServices;
  if (allowed.includes('*') || allowed.includes(name)) return true;
  problem(`"${name}" is not in the allow-list`, `services of the allow-list: ${allowed.join(', ')}`);
  return false;
}

/** A service of another region is named only where the config's serviceRegions has that region. */
function crossRegionAllowed(token: string, region: string, ctx: TagContext, problem: Problem): boolean {
  if (ctx.config.serviceRegions.includes(region)) return true;
  problem(
    `"${token}" is in region ${region}, not the VPC's region ${ctx.region}: add ${region} to the config's serviceRegions to reach it cross-region`,
    ctx.config.serviceRegions.length
      ? `services of ${ctx.region} or of the config's serviceRegions (${ctx.config.serviceRegions.join(', ')})`
      : `services of ${ctx.region} (the config's serviceRegions is empty)`,
  );
  return false;
}

/**
 * An AWS service of another region, named in full: an interface endpoint with ServiceRegion (gateway
 * endpoints serve their own region only); whether EC2 offers it cross-region is checked against the offers.
 */
function crossRegionService(
  token: string,
  region: string,
  ctx: TagContext,
  problem: Problem,
): WantedService | undefined {
  if (!crossRegionAllowed(token, region, ctx, problem)) return undefined;
  const parsed = parseServiceToken(token, region);
  if (isServiceProblem(parsed)) return void problem(`"${token}" is not a service name`);
  if (parsed.forcedType === 'Gateway')
    return void problem(
      `"${token}" cannot be a gateway endpoint: gateway endpoints serve their own region only`,
      'a service of another region as an interface endpoint',
    );
  if (!inAllowList(parsed.name, ctx, problem)) return undefined;
  return {
    name: parsed.serviceName,
    serviceName: parsed.serviceName,
    type: 'Interface',
    serviceRegion: region,
  };
}

const RESOURCE_ACCEPTED =
  "aliases or ARNs of the config's resourceConfigurations (arn:aws:vpc-lattice:<region>:<account>:resourceconfiguration/rcfg-…), separated by commas or spaces";

/**
 * One entry of `privatelink:resources`: a resource endpoint to a resource configuration the config's
 * allow-list admits (by alias, ARN, or the owner the ARN names), in the VPC's region.
 */
export function parseResourceToken(
  token: string,
  ctx: { region: string; config: Pick<OrchestratorConfig, 'resourceConfigurations'> },
  problem: Problem,
): WantedService | undefined {
  const allowed = byResource(token, ctx.config.resourceConfigurations);
  if ('kind' in allowed) {
    const arn = RESOURCE_CONFIGURATION_ARN.test(token);
    problem(
      arn
        ? `"${token}" is not allow-listed: add it to the config (resourceConfigurations)`
        : `"${token}" is neither an alias of the config's resourceConfigurations nor a resource configuration ARN`,
      arn
        ? `an entry of the config's resourceConfigurations: { "arn": "${token}", "alias": "…" } or { "owner": "<its account>" }`
        : RESOURCE_ACCEPTED,
    );
    return undefined;
  }
  if (allowed.region !== ctx.region) {
    problem(
      `"${token}" is a resource configuration of ${allowed.region}, not the VPC's region ${ctx.region}`,
      `resource configurations of ${ctx.region}`,
    );
    return undefined;
  }
  return {
    name: allowed.name,
    serviceName: allowed.serviceName,
    type: 'Resource',
    allowListed: { terms: allowed.terms },
  };
}
