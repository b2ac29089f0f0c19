import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers of lib/ (docs/architecture.md, "Layers"): each may import its own layer and those below,
 * never one above; the domain calls no AWS API and opens no socket.
 */
const LIB = join(__dirname, '../../lib');
const LAYERS = ['domain', 'aws', 'operations', 'workflow'];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const layerOf = (file: string) => LAYERS.indexOf(relative(LIB, file).split('/')[0] ?? '');
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');

describe('the layers of lib/', () => {
  it('puts every file in one of domain, aws, operations, workflow', () => {
    expect(files(LIB).filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('has no import that runs up a layer', () => {
    const upward = files(LIB).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${relative(LIB, file)} → ${relative(LIB, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the domain free of AWS clients and network calls', () => {
    const domain = files(LIB).filter((f) => layerOf(f) === 0);
    const impure = domain.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^@aws-sdk\/|^node:(net|tls|https?|dns)$/.test(spec))
        .map((spec) => `${relative(LIB, file)} imports ${spec}`),
    );
    expect(impure).toEqual([]);
  });
});
