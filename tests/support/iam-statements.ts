import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Each function's statements for a config, as serverless reads config/iam.js at packaging. */
export async function iamStatementsFor(config: object): Promise<Record<string, Statement[]>> {
  const file = join(mkdtempSync(join(tmpdir(), 'plo-iam-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const resolveVariable = async (name: string) =>
    ({ 'self:service': 'plo', 'sls:stage': 'test', 'param:configFile': file })[name] ?? '';
  const iam = '../../config/iam.js'; // plain JavaScript, read by serverless at packaging
  const { statements } = (await import(iam)) as {
    statements: (ctx: { resolveVariable: typeof resolveVariable }) => Promise<Record<string, Statement[]>>;
  };
  return statements({ resolveVariable });
}
