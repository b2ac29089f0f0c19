/**
 * The private hosted zones that answer a centrally shared service's names in the spokes
 * (docs/architecture.md, "Centralized endpoints"). A central endpoint has private DNS off, so each name the
 * service's own private DNS would answer needs a zone of ours: a zone per name, an alias at its apex, and a
 * `*.` alias where clients call subdomains of it (buckets, registries, APIs).
 *
 * The table holds the services whose names do not follow `<service>.<region>.amazonaws.com`, and those
 * that need a wildcard EC2 does not list; each entry names its source. Every other service's zones come
 * from what EC2 itself reports (`PrivateDnsNames` of DescribeVpcEndpointServices): a `*.name` there is a
 * zone `name` with a wildcard. tests/integration/central-zones.test.ts holds every entry against the
 * names EC2 reports for the service.
 */

export interface ZoneName {
  /** The zone's name, without the trailing dot. */
  name: string;
  /** Clients call subdomains of the name: a `*.` alias beside the apex's. */
  wildcard: boolean;
}

interface ZoneEntry {
  /** Zone names with `{region}` for the VPC's region. */
  zones: { name: string; wildcard: boolean }[];
  source: string;
}

/** Services (short names, as tags write them) whose zones the rule from EC2's names would get wrong or short. */
export const ZONE_TABLE: Readonly<Record<string, ZoneEntry>> = {
  'ecr.api': {
    zones: [{ name: 'api.ecr.{region}.amazonaws.com', wildcard: false }],
    source:
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html (the dotted name reversed; LZA #173)',
  },
  'ecr.dkr': {
    zones: [{ name: 'dkr.ecr.{region}.amazonaws.com', wildcard: true }],
    source:
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html (registries are <account>.dkr.ecr…)',
  },
  'sagemaker.api': {
    zones: [{ name: 'api.sagemaker.{region}.amazonaws.com', wildcard: false }],
    source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html (LZA #348)',
  },
  'kinesis-streams': {
    zones: [{ name: 'kinesis.{region}.amazonaws.com', wildcard: false }],
    source:
      'https://docs.aws.amazon.com/streams/latest/dev/vpc.html (the API name, not the service name; LZA #1014)',
  },
  s3: {
    zones: [{ name: 's3.{region}.amazonaws.com', wildcard: true }],
    source:
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html (virtual-hosted buckets are <bucket>.s3…)',
  },
  'execute-api': {
    zones: [{ name: 'execute-api.{region}.amazonaws.com', wildcard: true }],
    source:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html (private APIs are <api-id>.execute-api…)',
  },
};

/** A name EC2 reports as one zone: `*.x` is zone `x` with a wildcard; anything else its own apex. */
export const zoneOfReportedName = (reported: string): ZoneName => {
  const name = reported.toLowerCase().replace(/\.$/, '');
  return name.startsWith('*.') ? { name: name.slice(2), wildcard: true } : { name, wildcard: false };
};

/**
 * The zones that answer a shared service in `region`: its table entry, else EC2's reported names (an AWS
 * service with none reported gets `<service>.<region>.amazonaws.com`, the PrivateLink guide's rule).
 */
export function zoneNamesFor(service: string, region: string, reportedNames: string[] = []): ZoneName[] {
  const entry = Object.hasOwn(ZONE_TABLE, service) ? ZONE_TABLE[service] : undefined;
  if (entry) return entry.zones.map((z) => ({ ...z, name: z.name.replace('{region}', region) }));
  const reported = reportedNames.map(zoneOfReportedName);
  const merged = new Map<string, ZoneName>();
  for (const z of reported)
    merged.set(z.name, { name: z.name, wildcard: z.wildcard || !!merged.get(z.name)?.wildcard });
  return merged.size
    ? [...merged.values()]
    : [{ name: `${service}.${region}.amazonaws.com`, wildcard: false }];
}

/** Whether `zones` answer `name`: an apex, or one label below a wildcard zone. */
export const zonesAnswer = (zones: ZoneName[], name: string): boolean => {
  const wanted = zoneOfReportedName(name);
  return zones.some((z) => z.name === wanted.name && (!wanted.wildcard || z.wildcard));
};
