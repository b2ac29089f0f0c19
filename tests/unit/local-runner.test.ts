import { join } from 'node:path';
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
