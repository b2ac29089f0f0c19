import type { PolicyKind } from '../model';
import { InvalidConfigError } from '../errors';

export interface PolicyContext {
  accountId: string;
  orgId?: string;
}

/** The endpoint policy document for a policy kind; undefined means AWS's default (full access). */
export function policyDocument(kind: PolicyKind, ctx: PolicyContext): string | undefined {
  if (kind === 'default') return undefined;
  const [conditionKey, value] =
    kind === 'account' ? ['aws:PrincipalAccount', ctx.accountId] : ['aws:PrincipalOrgID', ctx.orgId];
  if (!value) throw new InvalidConfigError(`policy "${kind}" needs ${conditionKey}, which is not known`);
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: kind === 'account' ? 'AllowOwnAccountOnly' : 'AllowOwnOrganizationOnly',
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { [conditionKey]: value } },
      },
    ],
  });
}

/** Compares two policy documents by meaning, not by white space or key order. */
export function samePolicy(actual: string | undefined, wanted: string | undefined): boolean {
  return canonicalPolicy(actual) === canonicalPolicy(wanted);
}

const FULL_ACCESS = JSON.stringify([{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }]);

function canonicalPolicy(doc: string | undefined): string {
  if (doc === undefined || doc.trim() === '') return 'default';
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(doc) as { Statement?: unknown };
  } catch {
    return doc;
  }
  const statements = stableStringify(parsed.Statement);
  // AWS's default policy comes back as a full-access document (Version 2008-10-17).
  return statements === FULL_ACCESS ? 'default' : statements;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
