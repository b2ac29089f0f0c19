import fc from 'fast-check';
import { parseExecutionInput } from '../../lib/domain/execution-input';
import { InvalidTagError } from '../../lib/domain/errors';
import { parseDesiredState, TAG_KEYS } from '../../lib/domain/tags';
import { classifyEvent } from '../../lib/operations/trigger-events';
import { testConfig } from '../support/config';
import { eventFixtureNames, loadEvent } from '../support/fixtures';

/**
 * Fuzzing what people and AWS hand us: tags and trigger events. Seeded, so a failure reproduces; each
 * property runs thousands of cases. Nothing may crash but our named errors, and every tag error names
 * the key and the value it refused.
 */
const SEED = 20261126;
const RUNS = 3000;
const ctx = { region: 'eu-west-1', config: testConfig(), vpcCidrs: ['10.0.0.0/16'] };

/** Values people type, and the ones that trip JavaScript: object property names, odd CIDRs, unicode. */
const awkward = fc.constantFrom(
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '0.0.0.0/0',
  '0.0.0.0/1 128.0.0.0/1',
  '10.0.0.0/8',
  '255.255.255.255/32',
  '1.2.3.4/33',
  'ssm,,s3',
  'ssm:gateway',
  's3:interface',
  'com.amazonaws.us-east-1.ssm',
  'tag:=',
  'all',
  'private',
  'TRUE',
  '',
  ' ',
  '\u0000',
  'ümlaut',
  'a'.repeat(256),
);
const tagValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  awkward,
  fc.array(awkward).map((v) => v.join(', ')),
);
const tagKey = fc.oneof(
  fc.constantFrom(...Object.values(TAG_KEYS)),
  fc.constantFrom('privatelink:', 'privatelink:Services', 'privatelink:__proto__', 'Name'),
  fc.string({ maxLength: 12 }).map((s) => `privatelink:${s}`),
);
const tags = fc.dictionary(tagKey, tagValue, { maxKeys: 6 });

/** What parsing made of the tags: the desired state, or the error it threw. */
function outcome(t: Record<string, string>) {
  try {
    return { desired: parseDesiredState(t, ctx), error: undefined };
  } catch (error) {
    return { desired: undefined, error };
  }
}
const problemsOf = (error: unknown) => (error instanceof InvalidTagError ? error.problems : []);

describe('fuzzing the privatelink tags', () => {
  it('parses or throws InvalidTagError, never anything else', () => {
    fc.assert(
      fc.property(tags, (t) => {
        const { error } = outcome(t);
        expect(error === undefined || error instanceof InvalidTagError).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('names the key and the value of every tag it refuses, and what is accepted', () => {
    fc.assert(
      fc.property(tags, (t) => {
        const { error } = outcome(t);
        const message = error instanceof Error ? error.message : '';
        for (const problem of problemsOf(error)) {
          expect(Object.keys(t)).toContain(problem.key);
          expect(problem.value).toBe(t[problem.key] ?? '');
          expect(problem.accepted.length).toBeGreaterThan(0);
          expect(message).toContain(`tag ${problem.key}="${problem.value}"`);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('never accepts allowed CIDRs that reach beyond private ranges and the VPC', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const cidr = fc
      .tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 }))
      .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
    const isPrivate = (c: string) =>
      /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/.test(c);
    fc.assert(
      fc.property(fc.array(cidr, { minLength: 1, maxLength: 4 }), (cidrs) => {
        const { desired, error } = outcome({ [TAG_KEYS.allowedCidrs]: cidrs.join(' ') });
        expect(error === undefined || error instanceof InvalidTagError).toBe(true);
        // Whatever is accepted is private (the VPC's 10.0.0.0/16 is too), never the internet.
        expect((desired?.allowedCidrs ?? []).filter((c) => !isPrivate(c))).toEqual([]);
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });
});

/** A JSON value of any shape, for replacing a field of a real event. */
const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** Paths of every field of an object, nested objects and arrays included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [
    prefix,
    ...Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => paths(v, [...prefix, k])),
  ];
}

function replaceAt(root: Record<string, unknown>, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1] ?? ''] = value;
  return root;
}

describe('fuzzing the trigger events', () => {
  const fixtures = eventFixtureNames();

  it('classifies every mutated real event as run, ignore or reject, and never throws', () => {
    const mutated = fc
      .constantFrom(...fixtures)
      .chain((name) => {
        const event = loadEvent(name);
        return fc.tuple(fc.constant(name), fc.constantFrom(...paths(event)), jsonValue);
      })
      .map(([name, path, value]) => replaceAt(loadEvent(name), path, value));
    fc.assert(
      fc.property(mutated, (event) => {
        const verdict = classifyEvent(event, { newVpcDefaultProfile: 'ssm' });
        expect(['run', 'ignore', 'reject']).toContain(verdict.kind);
        // What it asks to run is always a valid execution input.
        if (verdict.kind === 'run') for (const input of verdict.inputs) parseExecutionInput(input);
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it('classifies arbitrary JSON without throwing', () => {
    fc.assert(
      fc.property(jsonValue, (event) => {
        expect(['run', 'ignore', 'reject']).toContain(classifyEvent(event).kind);
      }),
      { seed: SEED + 4, numRuns: RUNS },
    );
  });
});
