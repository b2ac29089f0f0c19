import type { FleetRow, ServiceState } from '../../lib/domain/fleet-row';
import type { FleetReportData } from '../../lib/operations/report/fleet-report';
import type { FleetAdvice } from '../../lib/operations/advise';

const SERVICES = [
  's3',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'logs',
  'sts',
  'ecr.api',
  'ecr.dkr',
  'kms',
  'sqs',
];
const STATES: ServiceState[] = [
  'local',
  'local',
  'local',
  'central',
  'missing',
  'drifted',
  'failing',
  'pending',
];

const hex = (n: number) => n.toString(16).padStart(17, '0');

/**
 * A fleet of `count` VPCs for the report's page, the same every time: the first three are the README's
 * (healthy, centrally served, drifted), the rest cycle through every state in a few accounts and regions.
 */
export function fleetOf(count: number): FleetReportData {
  const rows: FleetRow[] = Array.from({ length: count }, (_, i) => rowOf(i));
  const drifted = rows.filter((r) => r.drift > 0).length;
  return {
    generatedAt: new Date('2026-12-03T09:00:00Z'),
    stackName: 'plo-prod',
    scope: count > 3 ? "the hub's members (config hub)" : '123456789012 us-east-1',
    rows,
    totals: {
      vpcs: count,
      drifted,
      attention: rows.filter((r) => r.drift > 0 || r.endpoints.missing > 0 || r.lastRun.state === 'failed')
        .length,
      monthlyCost: Math.round(rows.reduce((s, r) => s + (r.monthlyCost ?? 0), 0) * 100) / 100,
      costUnknown: 0,
    },
    unreachable: [],
    advice: adviceOf(rows.slice(0, Math.min(count, 50))),
  };
}

/** The README's three: all local; served centrally (S3 stays a gateway of its own); one drifted service. */
const readme = (i: number, service: string): ServiceState =>
  i === 1 && service !== 's3' ? 'central' : i === 2 && service === 'logs' ? 'drifted' : 'local';

function rowOf(i: number): FleetRow {
  const wanted = SERVICES.slice(0, 3 + (i % 6));
  const serviceStates = Object.fromEntries(
    wanted.map((s, j) => [s, i < 3 ? readme(i, s) : STATES[(i + j) % STATES.length]]),
  ) as Record<string, ServiceState>;
  if (i === 2) serviceStates.ssm = 'missing';
  const states = Object.values(serviceStates);
  const missing = states.filter((s) => s === 'missing').length;
  const drift = states.filter((s) => s === 'drifted' || s === 'missing').length;
  const failed = i % 7 === 5;
  return {
    accountId: String(111111111111 * (1 + (i % 3))),
    region: i % 2 ? 'eu-west-1' : 'us-east-1',
    vpcId: `vpc-${hex(i + 1)}`,
    ...(i % 4 === 0 ? {} : { name: ['payments', 'analytics', 'shared-services', 'batch'][i % 4] + `-${i}` }),
    services: wanted,
    tagsValid: true,
    endpoints: {
      ok: states.length - missing,
      missing,
      failed: 0,
      pending: states.filter((s) => s === 'pending').length,
    },
    azs: 2 + (i % 2),
    monthlyCost: Math.round(wanted.filter((s) => s !== 's3').length * (2 + (i % 2)) * 7.3 * 100) / 100,
    drift,
    findings:
      states.includes('drifted') || missing
        ? [
            {
              kind: missing ? 'missing-endpoint' : 'subnets',
              service: wanted[1],
              detail: missing ? 'no endpoint for ssm' : 'subnets differ from the tags',
            },
          ]
        : [],
    serviceStates,
    lastRun: failed
      ? {
          state: 'failed',
          execution: `plo-prod-vpc-${hex(i + 1)}-${i}`,
          startedAt: Date.UTC(2026, 11, 2, 8, i % 60),
          error: 'ChecksFailed',
        }
      : {
          state: i % 11 === 3 ? 'running' : 'done',
          execution: `plo-prod-vpc-${hex(i + 1)}-${i}`,
          startedAt: Date.UTC(2026, 11, 1, 7, i % 60),
        },
  };
}

function adviceOf(rows: FleetRow[]): FleetAdvice {
  const vpcs = rows.map((r, i) => ({
    vpcId: r.vpcId,
    ...(r.name ? { name: r.name } : {}),
    status: 'read' as const,
    natGateways: 1,
    lines: [
      {
        service: 's3',
        path: 'nat-gateway' as const,
        attribution: 'flow-log' as const,
        gbPerMonth: 500 + i,
        recommendation: 'gateway' as const,
        nowMonthly: 22.5,
        endpointMonthly: 0,
        savingMonthly: 22.5,
      },
      {
        service: 'ssm',
        path: 'nat-gateway' as const,
        attribution: 'dns' as const,
        gbPerMonth: 1000,
        recommendation: 'interface' as const,
        nowMonthly: 45,
        endpointMonthly: 24.6,
        savingMonthly: 20.4,
        breakEvenGb: 417,
      },
    ],
    savingMonthly: 42.9,
    resolverLogs: true,
  }));
  return {
    region: 'us-east-1',
    since: '2026-11-19T09:00:00.000Z',
    prices: { takenOn: '2026-11-26', source: 'https://aws.amazon.com/privatelink/pricing/' },
    vpcs,
    totals: {
      vpcs: vpcs.length,
      read: vpcs.length,
      gbPerMonth: vpcs.length * 1500,
      savingMonthly: Math.round(vpcs.length * 4290) / 100,
      savingUnknown: 0,
    },
    reads: { ec2Calls: 0, logsCalls: 0, logsEvents: 0, logsBytes: 0, s3Calls: 0, s3Objects: 0, s3Bytes: 0 },
  };
}
