/**
 * `advise --tag`: the tag changes that would carry the advised services over endpoints — each added to
 * `privatelink:services`, and `privatelink:use=central` where the region's central set is advised and the
 * VPC names no central VPC — checked by the one tag validator before anyone is asked to apply them.
 */
import type { OrchestratorConfig } from '../config';
import { InvalidTagError } from '../errors';
import { readDesiredState, splitList, TAG_KEYS } from '../tags';
import type { AdviceLine } from './advice';

/** The advice that an endpoint of ours carries: what `--tag` turns into tags. */
const CARRIED = new Set<AdviceLine['recommendation']>(['gateway', 'interface', 'central']);

export interface TagChange {
  key: string;
  from?: string;
  to: string;
}

export type TagProposal =
  | { changes: TagChange[]; services: string[] }
  /** The tags the advice would make do not parse: said, never applied. */
  | { refused: string };

export function proposeTags(
  tags: Record<string, string>,
  lines: AdviceLine[],
  ctx: { region: string; config: OrchestratorConfig; vpcCidrs: string[] },
): TagProposal | undefined {
  const current = splitList(tags[TAG_KEYS.services] ?? '');
  const advised = [...new Set(lines.filter((l) => CARRIED.has(l.recommendation)).map((l) => l.service))];
  const added = advised.filter((s) => !current.includes(s));
  if (added.length === 0) return undefined;
  const changes: TagChange[] = [change(TAG_KEYS.services, tags, [...current, ...added].join(', '))];
  const central = lines.some((l) => l.recommendation === 'central' && added.includes(l.service));
  if (central && !tags[TAG_KEYS.use]) changes.push(change(TAG_KEYS.use, tags, 'central'));
  const next = { ...tags, ...Object.fromEntries(changes.map((c) => [c.key, c.to])) };
  const { problems } = readDesiredState(next, ctx);
  if (problems.length > 0) return { refused: new InvalidTagError(problems).message };
  return { changes, services: added };
}

function change(key: string, tags: Record<string, string>, to: string): TagChange {
  const from = tags[key];
  return from === undefined ? { key, to } : { key, from, to };
}
