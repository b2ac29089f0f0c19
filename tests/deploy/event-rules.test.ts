import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { eventFixtureNames, loadEvent } from '../support/fixtures';
import { useMoto } from '../support/moto';
import { packageStack, resourcesOfType } from '../support/package-stack';

/**
 * Each EventBridge rule's pattern, as generated in the packaged template, judged by an evaluator we did
 * not write: moto's EventBridge, with an SQS queue as each rule's target and every fixture event sent by
 * PutEvents. (moto's TestEventPattern answers nothing, and its Lambda targets are not implemented; its
 * matching behind PutEvents is real.)
 */
const moto = useMoto();
const REGION = 'us-east-1';
const BUS = 'privatelink-rule-test';

/** Which fixtures each rule must deliver; every other fixture must not arrive. */
const EXPECTED: Record<string, string[]> = {
  'aws.tag/Tag Change on Resource': ['tag-change-vpc', 'tag-change-vpc-removed'],
  // Broad on purpose (see serverless.yml): the function ignores tags on other resources.
  'aws.ec2/CreateTags,DeleteTags': [
    'cloudtrail-create-tags-vpc',
    'cloudtrail-delete-tags-vpc',
    'lookalike-cloudtrail-create-tags-instance',
  ],
  'aws.ec2/CreateVpc': [
    'cloudtrail-create-vpc-tagged',
    'cloudtrail-create-vpc-untagged',
    'malformed-cloudtrail-create-vpc-no-vpc',
  ],
};

interface Pattern {
  source: string[];
  'detail-type': string[];
  detail: { eventName?: string[] };
}

const ruleKey = (p: Pattern) => `${p.source[0]}/${p.detail.eventName?.join(',') ?? p['detail-type'][0]}`;

describe('the trigger rules of the packaged stack', () => {
  let patterns: Pattern[] = [];

  beforeAll(() => {
    const rules = resourcesOfType(packageStack().template, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    patterns = rules.filter((r) => r.EventPattern).map((r) => r.EventPattern as Pattern);
  }, 300_000);

  it('are the three rules expected', () => {
    expect(patterns.map(ruleKey).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('deliver exactly the events meant for them, and none of the look-alikes', async () => {
    const config = { region: REGION, endpoint: moto.server().endpoint };
    const events = new EventBridgeClient(config);
    const sqs = new SQSClient(config);
    await events.send(new CreateEventBusCommand({ Name: BUS }));
    const queues: Record<string, string> = {};
    for (const [i, pattern] of patterns.entries()) {
      const queue = await sqs.send(new CreateQueueCommand({ QueueName: `rule-${i}` }));
      const arn = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      await events.send(
        new PutRuleCommand({ Name: `rule-${i}`, EventBusName: BUS, EventPattern: JSON.stringify(pattern) }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: `rule-${i}`,
          EventBusName: BUS,
          Targets: [{ Id: 'queue', Arn: arn.Attributes?.QueueArn }],
        }),
      );
      queues[ruleKey(pattern)] = queue.QueueUrl ?? '';
    }

    for (const name of eventFixtureNames()) {
      const event = loadEvent(name);
      const detail = event.detail === undefined ? undefined : JSON.stringify(event.detail);
      await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: BUS,
              Source: String(event.source),
              DetailType: String(event['detail-type']),
              Detail: detail ?? '{}',
              Resources: event.resources as string[],
              Time: new Date(),
            },
          ],
        }),
      );
      // Each fixture's detail is distinct: it tells which fixture arrived in a queue.
      sent.push({ name, detail: detail ?? '{}' });
    }

    for (const [key, queueUrl] of Object.entries(queues)) {
      const arrived = await drain(sqs, queueUrl);
      const names = arrived
        .map((body) => sent.find((s) => s.detail === JSON.stringify(body.detail))?.name ?? '?')
        .sort();
      expect({ rule: key, delivered: names }).toEqual({
        rule: key,
        delivered: [...(EXPECTED[key] ?? [])].sort(),
      });
    }
  }, 60_000);
});

const sent: { name: string; detail: string }[] = [];

async function drain(sqs: SQSClient, queueUrl: string): Promise<{ detail: unknown }[]> {
  const bodies: { detail: unknown }[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!out.Messages?.length) return bodies;
    bodies.push(...out.Messages.map((m) => JSON.parse(m.Body ?? '{}') as { detail: unknown }));
  }
}
