import { presentationFor } from '../cli/output';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { sfnClient } from '../lib/aws/clients/sfn';
import { SfnExecutions } from '../lib/aws/sfn-executions';
import { configFromEnv } from '../lib/domain/config';
import { findStateMachineArn, type CommandEnv, type ExecutionReport } from '../cli/context';
import { followRemote } from '../cli/remote-follow';
import { fixtureEvent } from './demo-world';
import { openLocalStack, type LocalStack } from './local-stack';
import { startMoto, type MotoServer } from './moto-server';

/** Where the smoke test runs: a user's sandbox account (a real deploy), or moto (--dry-run). */
export interface SmokeBackend {
  name: string;
  ec2: EC2Client;
  /** The stack is there: deployed (AWS) or opened in-process (moto). */
  up(): Promise<void>;
  /** The run of this VPC that its tag change started, to its end. */
  runAfter(vpcId: string, change: 'tagged' | 'opted-out', since: number): Promise<ExecutionReport>;
  /** Whether the live probe can run here (moto runs no Lambda inside a VPC). */
  probes: boolean;
  down(): Promise<void>;
}

const io = { out: (t: string) => console.log(t), err: (t: string) => console.error(t) };

/** moto: the stack in-process, the trigger fed the events EventBridge would deliver. */
export function motoBackend(region: string, stackName: string): SmokeBackend {
  let moto: MotoServer | undefined;
  let stack: LocalStack | undefined;
  const opened = () => {
    if (!stack) throw new Error('the local stack is not open');
    return stack;
  };
  return {
    name: 'moto (dry run)',
    ec2: new EC2Client({ region }),
    probes: false,
    async up() {
      moto = await startMoto();
      process.env.AWS_ENDPOINT_URL = moto.endpoint;
      stack = await openLocalStack({ endpointUrl: moto.endpoint, region, stackName, io });
    },
    async runAfter(vpcId, change) {
      const event = fixtureEvent(change === 'tagged' ? 'tag-change-vpc' : 'cloudtrail-delete-tags-vpc');
      if (change === 'tagged') event.resources = [`arn:aws:ec2:${region}:123456789012:vpc/${vpcId}`];
      else
        (
          event.detail as { requestParameters: { resourcesSet: { items: { resourceId: string }[] } } }
        ).requestParameters.resourcesSet.items = [{ resourceId: vpcId }];
      event.id = `smoke-${change}-${vpcId}`;
      await opened().deliver(event);
      const runs = await opened().runExecutions();
      const run = runs.at(-1);
      if (!run) throw new Error(`no run started for ${vpcId} after it was ${change}`);
      return run;
    },
    async down() {
      await moto?.stop();
    },
  };
}

const ROOT = join(__dirname, '..');

/** The Serverless CLI of the project (osls), in the user's profile and region. */
function serverless(args: string[], profile: string | undefined): void {
  const out = spawnSync(join(ROOT, 'node_modules/.bin/serverless'), args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...(profile ? { AWS_PROFILE: profile } : {}), SLS_TELEMETRY_DISABLED: '1' },
  });
  if (out.status !== 0) throw new Error(`serverless ${args.join(' ')} failed (exit ${out.status})`);
}

/**
 * A real account: deploys the stack as `<service>-<stage>`, waits for the executions the tag events start
 * (EventBridge, then Step Functions), and removes the stack at the end.
 */
export function awsBackend(region: string, stage: string, profile: string | undefined): SmokeBackend {
  const stackName = `privatelink-orchestrator-${stage}`;
  const env: CommandEnv = {
    region,
    stackName,
    lockTable: `${stackName}-locks`,
    config: configFromEnv(),
    ...presentationFor({}, io),
    io,
  };
  return {
    name: `AWS ${region} (stage ${stage}${profile ? `, profile ${profile}` : ''})`,
    ec2: new EC2Client({ region }),
    probes: true,
    async up() {
      serverless(['deploy', '--stage', stage, '--region', region], profile);
    },
    async runAfter(vpcId, change, since) {
      const arn = await findStateMachineArn(sfnClient, stackName, undefined);
      if (!arn) throw new Error(`no state machine ${stackName}-provision in ${region} after the deploy`);
      const executions = new SfnExecutions(sfnClient, arn);
      // Tag events reach the trigger within seconds, CloudTrail's within about 15 minutes.
      for (let waited = 0; waited < 20 * 60_000; waited += 10_000) {
        const started = (await executions.listSince(since)).find((e) => e.name.startsWith(vpcId));
        if (started) {
          const { report } = await followRemote(
            `${arn.replace(':stateMachine:', ':execution:')}:${started.name}`,
            env,
            {
              timeoutSeconds: 1800,
            },
          );
          return report;
        }
        await new Promise((resolve) => setTimeout(resolve, 10_000));
      }
      throw new Error(`no execution for ${vpcId} started within 20 minutes of it being ${change}`);
    },
    async down() {
      serverless(['remove', '--stage', stage, '--region', region], profile);
    },
  };
}
