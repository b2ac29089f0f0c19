/**
 * The cost of one provisioning execution over the simulated EC2 (50 ms a call, interface endpoints
 * pending 90 s, gateways 5 s): a fresh 3-AZ VPC asking for eight services, then the same execution again
 * on the converged VPC, with the live probe on and off. EC2 calls are the simulator's own count;
 * state transitions are the StateEntered events of the real ASL run locally.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ProvisionRow {
  run: string;
  read: number;
  mutating: number;
  transitions: number;
  simulatedSeconds: number;
  status: string;
  readsByFunction: Record<string, number>;
}

function rowsWith(label: string, config: object, cutover = 'direct'): ProvisionRow[] {
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'provision-rows.ts')], {
    env: {
      ...process.env,
      PRIVATELINK_CONFIG: JSON.stringify(config),
      BENCH_PROBE_LABEL: label,
      BENCH_CUTOVER: cutover,
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`provisioning bench (${label}) failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as ProvisionRow[];
}

export function measureProvisioning(): ProvisionRow[] {
  return [
    ...rowsWith('probe off', { probe: { enabled: false } }),
    ...rowsWith('probe on', {}),
    ...rowsWith('probe on, safe cut-over', {}, 'safe'),
  ];
}

/**
 * The floor of a fresh 8-service VPC (6 interface, 2 gateway endpoints) on EC2's own terms: its 10
 * writes (a group, its rule, 8 endpoints); the last interface endpoint created at EC2's pace (burst 4,
 * then 0.3 a second: at 6.7 s), then pending 90 s.
 */
export const FRESH_FLOOR = { writes: 10, seconds: (6 - 4) / 0.3 + 90 };
