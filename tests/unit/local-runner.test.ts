import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { withLocalDistributedMaps } from '../../lib/operations/local/distributed-map';
import {
  assertRunnableLocally,
  loadDefinition,
  runLocally,
  UnsupportedLocallyError,
} from '../../lib/operations/local/run-state-machine';

/** A Map over targets as the Organization check would write one: Distributed, items from S3, batched. */
const distributed = (extra: Record<string, unknown>) => ({
  StartAt: 'CheckTargets',
  States: {
    CheckTargets: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check',
        States: { Check: { Type: 'Pass', End: true } },
      },
      ...extra,
      End: true,
    },
  },
});

describe('the local state machine runner', () => {
  it.each([
    ['ItemReader', { ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: {} } }],
    ['ItemBatcher', { ItemBatcher: { MaxItemsPerBatch: 10 } }],
    ['ResultWriter', { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: {} } }],
    ['ToleratedFailurePercentage', { ToleratedFailurePercentage: 5 }],
    ['ItemProcessor.ProcessorConfig.Mode DISTRIBUTED', {}],
  ])('refuses a Map using %s, naming the state and the field, and runs nothing', async (field, extra) => {
    const ran: unknown[] = [];
    const run = runLocally(
      distributed(extra),
      [{ accountId: '111122223333' }],
      {},
      {
        executionName: 'org-check',
        onEvent: (e) => ran.push(e),
      },
    );
    await expect(run).rejects.toThrow(UnsupportedLocallyError);
    await expect(run).rejects.toThrow(`state CheckTargets uses the Map field ${field}`);
    expect(ran).toEqual([]);
  });

  it('runs the provisioning definition, whose Maps are inline', () => {
    const definition = loadDefinition(join(__dirname, '../../statemachine/provision.asl.json'));
    expect(() => assertRunnableLocally(definition)).not.toThrow();
  });
});

/** S3 in memory, as GetObject and PutObject see it. */
function memoryS3(objects: Record<string, string>) {
  const s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
    const body = objects[`${input.Bucket}/${input.Key}`];
    if (body === undefined) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: {} });
    return { Body: { transformToString: async () => body } };
  });
  s3.on(PutObjectCommand).callsFake(async (input: { Bucket: string; Key: string; Body: string }) => {
    objects[`${input.Bucket}/${input.Key}`] = input.Body;
    return {};
  });
  return new S3Client({ region: 'us-east-1' });
}

/** A check over N items: a Distributed Map in batches of 3, at most 2 children at once. */
const overItems = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: 'b', 'Key.$': '$.key' },
      },
      ItemBatcher: { MaxItemsPerBatch: 3, BatchInput: { 'tag.$': '$.tag' } },
      MaxConcurrency: 2,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Work',
        States: {
          Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', End: true },
        },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'b', Prefix: 'results' },
      },
      ResultPath: '$.map',
      End: true,
      ...extra,
    },
  },
});

describe('the local Distributed Map', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ i })).join('\n');

  it('reads the items from S3, batches them, runs at most MaxConcurrency children at once and writes ResultWriter files', async () => {
    const objects: Record<string, string> = { 'b/in.jsonl': items(7) };
    let running = 0;
    let most = 0;
    const work = async (event: unknown) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      return event;
    };
    const local = withLocalDistributedMaps(overItems(), { s3: memoryS3(objects), handlers: { work } });
    const run = await runLocally(local.definition, { key: 'in.jsonl', tag: 't' }, local.handlers, {
      executionName: 'e1',
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(most).toBe(2);
    const { map } = run.output as { map: { ResultWriterDetails: { Bucket: string; Key: string } } };
    const manifest = JSON.parse(objects[`b/${map.ResultWriterDetails.Key}`] ?? '{}') as {
      ResultFiles: { SUCCEEDED: { Key: string }[] };
    };
    const children = JSON.parse(objects[`b/${manifest.ResultFiles.SUCCEEDED[0]?.Key}`] ?? '[]') as {
      Input: string;
    }[];
    expect(children.map((c) => (JSON.parse(c.Input) as { Items: unknown[] }).Items.length)).toEqual([
      3, 3, 1,
    ]);
    expect(JSON.parse(children[0]?.Input ?? '{}')).toMatchObject({ BatchInput: { tag: 't' } });
  });

  it.each([
    [{ ToleratedFailurePercentage: 50 }, 'SUCCEEDED', undefined],
    [{ ToleratedFailurePercentage: 30 }, 'FAILED', 'States.ExceedToleratedFailureThreshold'],
    [{}, 'FAILED', 'States.ExceedToleratedFailureThreshold'],
  ])(
    'fails the run once failed children pass what %j tolerates: 1 of 3 failed',
    async (tolerance, status, error) => {
      const objects: Record<string, string> = { 'b/in.jsonl': items(9) };
      let calls = 0;
      const work = async () => {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error('boom'), { name: 'Boom' });
        return {};
      };
      const local = withLocalDistributedMaps(overItems(tolerance), {
        s3: memoryS3(objects),
        handlers: { work },
      });
      const run = await runLocally(local.definition, { key: 'in.jsonl', tag: 't' }, local.handlers, {
        executionName: 'e2',
      });
      expect({ status: run.status, error: run.error }).toEqual({ status, error });
    },
  );

  it('refuses a Map field it does not implement, naming it, before anything runs', () => {
    expect(() =>
      withLocalDistributedMaps(overItems({ Label: 'x' }), { s3: memoryS3({}), handlers: {} }),
    ).toThrow('state Each uses the Map field Label, which the local runner does not implement');
  });
});
