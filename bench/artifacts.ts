/**
 * Lambda artifacts: each function bundled as serverless.yml's custom.esbuild says (read from the file,
 * so the two cannot differ), its zip size (the bundle deflated as the packager does, headers added), and its cold init time — loading the bundle in a fresh Node
 * process — against a bare `require('@aws-sdk/client-ec2')`, paired: each round runs both, in
 * alternating order, and the ratio is the median of the rounds' ratios.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { deflateRawSync } from 'node:zlib';

/** A one-file zip: the file deflated at level 9 (as the packager does), plus its two headers. */
const zipBytes = (file: string) => deflateRawSync(readFileSync(file), { level: 9 }).length + 2 * 46 + 22;

const ROOT = join(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_INIT_ROUNDS ?? 7);

export interface ArtifactRow {
  fn: string;
  zipKb: number;
  initMs: number;
  bareMs: number;
  ratio: number;
}

interface EsbuildSection {
  minify?: boolean;
  mainFields?: string[];
  keepNames?: boolean;
  sourcemap?: boolean;
  target?: string;
}

function esbuildSection(): EsbuildSection {
  // serverless.yml's custom tags (${file(...)}, !Ref, !Sub) are plain strings to the YAML parser, which
  // would warn about each: only fixed keys are read, so it is told to keep quiet.
  const doc = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as {
    custom: { esbuild: EsbuildSection };
  };
  return doc.custom.esbuild;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Milliseconds a fresh Node takes to run `code`, less an empty Node's start, measured within the process. */
function timeInit(code: string, env: NodeJS.ProcessEnv): number {
  const script = `const t=process.hrtime.bigint();${code};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const out = spawnSync(process.execPath, ['-e', script], { env, cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`init failed: ${out.stderr}`);
  return Number(out.stdout);
}

export async function measureArtifacts(): Promise<ArtifactRow[]> {
  const section = esbuildSection();
  // serverless.yml's own variable source for the deployed config (a CommonJS file without types).
  const envSource: string = '../config/env';
  const { define } = (await import(envSource)) as { define: () => Promise<Record<string, string>> };
  const defined = await define();
  const out = mkdtempSync(join(tmpdir(), 'privatelink-artifacts-'));
  const env = {
    ...process.env,
    STACK_NAME: 'privatelink-bench',
    LOCK_TABLE_NAME: 'locks',
    STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:provision',
    AWS_REGION: 'us-east-1',
  };
  const rows: ArtifactRow[] = [];
  for (const fn of readdirSync(join(ROOT, 'functions'))
    .filter((d) => !d.startsWith('_'))
    .sort()) {
    const file = join(out, `${fn}.js`);
    await build({
      entryPoints: [join(ROOT, 'functions', fn, 'handler.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: section.target,
      minify: section.minify,
      mainFields: section.mainFields,
      keepNames: section.keepNames,
      sourcemap: section.sourcemap,
      define: defined,
      logLevel: 'error',
    });
    const inits: number[] = [];
    const bares: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const handler = () => timeInit(`require(${JSON.stringify(file)})`, env);
      const sdk = () => timeInit(`require('@aws-sdk/client-ec2')`, env);
      let init: number;
      let bare: number;
      if (round % 2 === 0) [init, bare] = [handler(), sdk()];
      else [bare, init] = [sdk(), handler()];
      inits.push(init);
      bares.push(bare);
      ratios.push(init / bare);
    }
    rows.push({
      fn,
      zipKb: zipBytes(file) / 1024,
      initMs: median(inits),
      bareMs: median(bares),
      ratio: median(ratios),
    });
    process.stderr.write(`measured ${fn}\n`);
  }
  return rows;
}
