import { parseConfig, type OrchestratorConfig } from '../../lib/domain/config';

export const STACK = 'privatelink-test';

export function testConfig(overrides: Record<string, unknown> = {}): OrchestratorConfig {
  return parseConfig(JSON.stringify(overrides), STACK);
}
