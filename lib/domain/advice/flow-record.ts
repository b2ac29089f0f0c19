/**
 * VPC flow log records as the advice reads them (docs/advice.md, "What each number is based on"): the
 * record format is fixed when the flow log is made (its `LogFormat`, read back with DescribeFlowLogs), so a
 * line is read by that format's field names, never by position guesses.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 */

/** The format AWS writes when a flow log names none (version 2's fields). */
export const DEFAULT_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

/** What the advice needs of each record: whose interface, both ends, the bytes, and where it went. */
export const REQUIRED_FIELDS = [
  'interface-id',
  'srcaddr',
  'dstaddr',
  'bytes',
  'flow-direction',
  'traffic-path',
  'pkt-src-aws-service',
  'pkt-dst-aws-service',
] as const;

/** A format with every field the advice reads (and the ports, which pair a flow's two directions). */
export const ADVICE_FORMAT = [
  'version',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
  'flow-direction',
  'traffic-path',
  'pkt-src-aws-service',
  'pkt-dst-aws-service',
]
  .map((f) => `\${${f}}`)
  .join(' ');

export interface FlowRecord {
  interfaceId: string;
  srcaddr: string;
  dstaddr: string;
  srcport?: string;
  dstport?: string;
  protocol?: string;
  bytes: number;
  /** Seconds since the epoch the flow's capture window began, when the format has `start`. */
  start?: number;
  direction: 'ingress' | 'egress';
  /** 1–8 (VPC User Guide); undefined when `-` (ingress records carry none). */
  trafficPath?: number;
  /** The ip-ranges.json subset AWS names the address by (`S3`, `AMAZON`, …); undefined when `-`. */
  srcService?: string;
  dstService?: string;
}

/** The field names of a `LogFormat` such as `${version} ${srcaddr}`, in order. */
export function fieldsOf(logFormat: string | undefined): string[] {
  const format = logFormat?.trim() ? logFormat : DEFAULT_FORMAT;
  return [...format.matchAll(/\$\{([a-z0-9-]+)\}/g)].map((m) => m[1] ?? '');
}

export const missingFields = (fields: string[]): string[] =>
  REQUIRED_FIELDS.filter((f) => !fields.includes(f));

const dash = (value: string | undefined) => (value === undefined || value === '-' ? undefined : value);

/**
 * A parser for one format's lines: a record, or undefined for what carries no flow (NODATA, SKIPDATA, a
 * line of another shape). The format must have every REQUIRED_FIELDS name (check with missingFields).
 */
export function recordParser(fields: string[]): (line: string) => FlowRecord | undefined {
  const at = new Map(fields.map((f, i) => [f, i]));
  return (line) => {
    const values = line.trim().split(/\s+/);
    if (values.length !== fields.length) return undefined;
    const get = (name: string) => dash(values[at.get(name) ?? -1]);
    const bytes = Number(get('bytes'));
    const direction = get('flow-direction');
    const interfaceId = get('interface-id');
    const srcaddr = get('srcaddr');
    const dstaddr = get('dstaddr');
    if (!Number.isFinite(bytes) || !interfaceId || !srcaddr || !dstaddr) return undefined;
    if (direction !== 'ingress' && direction !== 'egress') return undefined;
    const path = Number(get('traffic-path'));
    const optional = (key: 'srcport' | 'dstport' | 'protocol', name: string) => {
      const value = get(name);
      return value ? { [key]: value } : {};
    };
    const start = Number(get('start'));
    const srcService = get('pkt-src-aws-service');
    const dstService = get('pkt-dst-aws-service');
    return {
      interfaceId,
      srcaddr,
      dstaddr,
      ...optional('srcport', 'srcport'),
      ...optional('dstport', 'dstport'),
      ...optional('protocol', 'protocol'),
      bytes,
      ...(Number.isInteger(start) ? { start } : {}),
      direction,
      ...(Number.isInteger(path) ? { trafficPath: path } : {}),
      ...(srcService ? { srcService } : {}),
      ...(dstService ? { dstService } : {}),
    };
  };
}
