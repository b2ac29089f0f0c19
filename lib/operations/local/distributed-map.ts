import type { S3Client } from '@aws-sdk/client-s3';
import { readObject, writeObject, type ChildExecution, type ResultManifest } from '../../aws/org-drift-files';
import {
  runLocally,
  UnsupportedLocallyError,
  type LocalHandler,
  type LocalRunResult,
} from './run-state-machine';

type Json = Record<string, unknown>;

/**
 * The Distributed Map fields the local runner implements as Step Functions does (Developer Guide, "Map
 * state in Distributed mode", "ItemReader", "ItemBatcher", "ResultWriter"); a Map using any other is
 * refused, naming it, not run as something else.
 */
const IMPLEMENTED = new Set([
  'Type',
  'Comment',
  'ItemReader',
  'ItemBatcher',
  'MaxConcurrency',
  'ToleratedFailurePercentage',
  'ToleratedFailureCount',
  'ItemProcessor',
  'ResultWriter',
  'ResultPath',
  'Next',
  'End',
]);

/** Where a Distributed Map state runs locally: its children's handlers, the emulator's S3, progress. */
export interface LocalMapOptions {
  s3: S3Client;
  handlers: Record<string, LocalHandler>;
  /** Each child as it ends, with how many have ended of how many. */
  onChild?: (child: LocalRunResult, done: number, total: number) => void;
}

/** The function name a local Task resource names, for a Distributed Map state replaced by one. */
const mapResource = (state: string) =>
  `arn:aws:lambda:us-east-1:123456789012:function:local-distributed-map-${state}`;

/**
 * The definition with each top-level Distributed Map state replaced by a Task whose local handler runs
 * the Map as Step Functions does — items read from S3 (JSONL or JSON), batched, children run with the
 * real child ASL at most MaxConcurrency at a time, tolerated failures counted, results written to S3 in
 * ResultWriter's layout — so the rest of the definition runs in aws-local-stepfunctions unchanged.
 */
export function withLocalDistributedMaps(
  definition: Json,
  options: LocalMapOptions,
): { definition: Json; handlers: Record<string, LocalHandler> } {
  const states = { ...(definition.States as Record<string, Json>) };
  const handlers: Record<string, LocalHandler> = { ...options.handlers };
  for (const [name, state] of Object.entries(states)) {
    const processor = state.ItemProcessor as Json | undefined;
    if (state.Type !== 'Map' || (processor?.ProcessorConfig as Json | undefined)?.Mode !== 'DISTRIBUTED')
      continue;
    const unknown = Object.keys(state).filter((k) => !IMPLEMENTED.has(k));
    if (unknown.length > 0)
      throw new UnsupportedLocallyError(
        `state ${name} uses the Map field ${unknown.join(', ')}, which the local runner does not implement: nothing was run`,
      );
    const resource = mapResource(name);
    handlers[resource.split(':function:')[1] ?? ''] = (event) =>
      runDistributedMap(name, state, event as { input: unknown; executionId: string }, options);
    states[name] = {
      Type: 'Task',
      Comment: `${name}: a Distributed Map, run locally`,
      Resource: resource,
      Parameters: { 'input.$': '$', 'executionId.$': '$$.Execution.Id' },
      ...(state.ResultPath !== undefined ? { ResultPath: state.ResultPath } : {}),
      ...(state.Next ? { Next: state.Next } : { End: true }),
    };
  }
  return { definition: { ...definition, States: states }, handlers };
}

async function runDistributedMap(
  name: string,
  state: Json,
  event: { input: unknown; executionId: string },
  options: LocalMapOptions,
): Promise<unknown> {
  const context = { input: event.input, executionId: event.executionId };
  const items = await readItems(name, state.ItemReader as Json | undefined, context, options.s3);
  const inputs = batched(state.ItemBatcher as Json | undefined, items, context);
  const processor = state.ItemProcessor as Json;
  const child = { StartAt: processor.StartAt, States: processor.States };
  const execution = event.executionId.split(':').pop() ?? 'local';
  const mapRunArn = `${event.executionId.replace(':execution:', ':mapRun:')}/${name}`;
  const children = await inParallel(
    inputs,
    Number(state.MaxConcurrency ?? 0) || inputs.length || 1,
    async (input, i): Promise<ChildExecution & { output?: unknown }> => {
      const ran = await runLocally(child, input, options.handlers, {
        executionName: `${execution}-${name}-${i}`,
      });
      options.onChild?.(ran, i + 1, inputs.length);
      return {
        ExecutionArn: ran.executionArn,
        Input: JSON.stringify(input),
        Status: ran.status,
        ...(ran.status === 'SUCCEEDED'
          ? { Output: JSON.stringify(ran.output ?? null), output: ran.output }
          : { Error: ran.error, Cause: ran.cause }),
      };
    },
  );
  exceedsTolerance(name, state, children);
  const writer = state.ResultWriter as Json | undefined;
  if (!writer) return children.map((c) => c.output);
  return writeResults(name, writer, children, { ...context, mapRunArn }, options.s3);
}

/** A path of the Map's input (`$.a.b`) or of the context (`$$.Execution.Id`); other JSONPath is refused. */
function resolve(value: unknown, context: { input: unknown; executionId: string }, where: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([key, v]) => {
      if (!key.endsWith('.$')) return [key, resolve(v, context, where)];
      const path = String(v);
      if (path === '$$.Execution.Id') return [key.slice(0, -2), context.executionId];
      if (!/^\$(\.[A-Za-z_][\w]*)*$/.test(path))
        throw new UnsupportedLocallyError(
          `${where}: the path ${path} is more than the local runner reads ($.a.b)`,
        );
      const found = path
        .split('.')
        .slice(1)
        .reduce<unknown>((at, part) => (at as Json | undefined)?.[part], context.input);
      return [key.slice(0, -2), found];
    }),
  );
}

async function readItems(
  name: string,
  reader: Json | undefined,
  context: { input: unknown; executionId: string },
  s3: S3Client,
): Promise<unknown[]> {
  if (!reader)
    throw new UnsupportedLocallyError(
      `state ${name}: a Distributed Map without ItemReader is not implemented locally`,
    );
  const type = (reader.ReaderConfig as Json | undefined)?.InputType ?? 'JSON';
  if (reader.Resource !== 'arn:aws:states:::s3:getObject' || (type !== 'JSONL' && type !== 'JSON'))
    throw new UnsupportedLocallyError(
      `state ${name}: ItemReader ${String(reader.Resource)} with InputType ${String(type)} is not implemented locally (s3:getObject, JSON or JSONL are)`,
    );
  const { Bucket, Key } = resolve(reader.Parameters, context, `state ${name} ItemReader`) as {
    Bucket: string;
    Key: string;
  };
  const text = await readObject(s3, Bucket, Key);
  if (type === 'JSON') return JSON.parse(text) as unknown[];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** ItemBatcher's batches (`{ Items, BatchInput }`), or one child input per item without it. */
function batched(
  batcher: Json | undefined,
  items: unknown[],
  context: { input: unknown; executionId: string },
): unknown[] {
  if (!batcher) return items;
  const size = Number(batcher.MaxItemsPerBatch ?? 0) || items.length || 1;
  const batchInput = batcher.BatchInput
    ? resolve(batcher.BatchInput, context, 'ItemBatcher BatchInput')
    : undefined;
  const batches: unknown[] = [];
  for (let i = 0; i < items.length; i += size)
    batches.push({ Items: items.slice(i, i + size), ...(batchInput ? { BatchInput: batchInput } : {}) });
  return batches;
}

/**
 * The Map run fails, as on AWS, once its failed items pass both the tolerated count and percentage: with
 * ItemBatcher, a failed child fails every item of its batch.
 */
function exceedsTolerance(name: string, state: Json, children: ChildExecution[]): void {
  const itemsOf = (c: ChildExecution) => (JSON.parse(c.Input) as { Items?: unknown[] }).Items?.length ?? 1;
  const total = children.reduce((sum, c) => sum + itemsOf(c), 0);
  const failed = children.filter((c) => c.Status !== 'SUCCEEDED').reduce((sum, c) => sum + itemsOf(c), 0);
  if (failed === 0) return;
  const count = Number(state.ToleratedFailureCount ?? 0);
  const percent = Number(state.ToleratedFailurePercentage ?? 0);
  if (failed <= count || (failed / total) * 100 <= percent) return;
  const error = new Error(
    `state ${name}: ${failed} of ${total} items failed, more than tolerated (${percent} %, ${count})`,
  );
  error.name = 'States.ExceedToleratedFailureThreshold';
  throw error;
}

/** ResultWriter's layout: the children by status in JSON files, then the manifest naming them. */
async function writeResults(
  name: string,
  writer: Json,
  children: ChildExecution[],
  context: { input: unknown; executionId: string; mapRunArn: string },
  s3: S3Client,
): Promise<{ MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } }> {
  if (writer.Resource !== 'arn:aws:states:::s3:putObject')
    throw new UnsupportedLocallyError(
      `state ${name}: ResultWriter ${String(writer.Resource)} is not implemented locally`,
    );
  const { Bucket, Prefix = '' } = resolve(writer.Parameters, context, `state ${name} ResultWriter`) as {
    Bucket: string;
    Prefix?: string;
  };
  const folder = `${Prefix ? `${Prefix}/` : ''}${context.executionId.split(':').pop()}-${name}`;
  const files: ResultManifest['ResultFiles'] = {};
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const these = children.filter((c) => (status === 'SUCCEEDED') === (c.Status === 'SUCCEEDED'));
    if (these.length === 0) continue;
    const body = JSON.stringify(
      these.map(({ ExecutionArn, Input, Output, Status, Error, Cause }) => ({
        ExecutionArn,
        Input,
        Output,
        Status,
        Error,
        Cause,
      })),
    );
    const key = `${folder}/${status}_0.json`;
    await writeObject(s3, Bucket, key, body);
    files[status] = [{ Key: key, Size: body.length }];
  }
  const manifest: ResultManifest = {
    DestinationBucket: Bucket,
    MapRunArn: context.mapRunArn,
    ResultFiles: files,
  };
  const key = `${folder}/manifest.json`;
  await writeObject(s3, Bucket, key, JSON.stringify(manifest));
  return { MapRunArn: context.mapRunArn, ResultWriterDetails: { Bucket, Key: key } };
}

/** Runs `fn` over `inputs`, at most `limit` at once, results in input order. */
async function inParallel<T, R>(
  inputs: T[],
  limit: number,
  fn: (input: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < inputs.length; i = next++) results[i] = await fn(inputs[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}
