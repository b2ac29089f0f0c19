import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { VirtualClock } from './sim-ec2/clock';

export interface SimFunction {
  name: string;
  config: CreateFunctionCommandInput;
  tags: Record<string, string>;
  createdAt: number;
  /** A function in a VPC is Pending until Lambda has set up its network interfaces. */
  state: 'Pending' | 'Active' | 'Failed';
  invocations: unknown[];
}

/**
 * The Lambda API as the probe placement uses it: functions with tags, Pending → Active on the shared
 * virtual clock, GetFunction with a code location, Invoke answered by a responder the test provides
 * (the real probe's network checks are tested against real servers in tests/unit/probe).
 */
export class SimLambda {
  readonly functions = new Map<string, SimFunction>();
  pendingMs = 20_000;
  failStart = false;
  responder: (payload: { targets: { service: string; serviceName: string; type: string }[] }) => unknown = (
    payload,
  ) =>
    payload.targets.map((t) => ({
      service: t.service,
      type: t.type,
      checks: [{ name: 'dns', status: 'pass', detail: 'simulated', ms: 3 }],
    }));

  restoreFetch = () => undefined as void;
  /** Runs after a call took effect, before its answer returns: where a test makes the caller crash. */
  afterCall?: (command: string) => void;
  /** Every CreateFunction request, in order: what the copies were made with (their role, say). */
  readonly created: CreateFunctionCommandInput[] = [];

  constructor(private readonly clock: VirtualClock) {}

  private settle(fn: SimFunction) {
    if (fn.state === 'Pending' && this.clock.now() - fn.createdAt >= this.pendingMs)
      fn.state = this.failStart ? 'Failed' : 'Active';
  }

  private find(name: string | undefined): SimFunction {
    const fn = this.functions.get(name ?? '');
    if (!fn) throw new ResourceNotFoundException({ $metadata: {}, message: `Function not found: ${name}` });
    this.settle(fn);
    return fn;
  }

  deploy(name: string, tags: Record<string, string> = {}) {
    this.functions.set(name, {
      name,
      config: {
        FunctionName: name,
        Runtime: 'nodejs22.x',
        Handler: 'handler.handler',
        Role: 'arn:aws:iam::123456789012:role/probe',
        Code: {},
      },
      tags,
      createdAt: this.clock.now() - this.pendingMs,
      state: 'Active',
      invocations: [],
    });
  }

  install() {
    // Code packages are fetched from the URL GetFunction gives: serve ours, refuse any other address, so
    // a simulation never reaches for the network.
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string | URL | Request) => {
      const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
      if (href.startsWith('https://code.example/'))
        return new Response(new Uint8Array([0x50, 0x4b, 0x05, 0x06]));
      throw new Error(`the simulation refused a network call to ${href}`);
    }) as typeof fetch;
    this.restoreFetch = () => {
      globalThis.fetch = original;
    };
    const mock = mockClient(LambdaClient);
    mock.on(GetFunctionCommand).callsFake(async (input: { FunctionName?: string }) => {
      const fn = this.find(input.FunctionName);
      return {
        Configuration: {
          ...fn.config,
          Code: undefined,
          State: fn.state,
          StateReason: fn.state === 'Failed' ? 'simulated ENI failure' : undefined,
          VpcConfig: fn.config.VpcConfig,
        },
        Code: { Location: `https://code.example/${fn.name}.zip` },
        Tags: fn.tags,
      };
    });
    mock.on(CreateFunctionCommand).callsFake(async (input: CreateFunctionCommandInput) => {
      if (this.functions.has(input.FunctionName ?? ''))
        throw new Error(`ResourceConflictException: Function already exist: ${input.FunctionName}`);
      const fn: SimFunction = {
        name: input.FunctionName ?? '',
        config: input,
        tags: input.Tags ?? {},
        createdAt: this.clock.now(),
        state: 'Pending',
        invocations: [],
      };
      this.functions.set(fn.name, fn);
      this.created.push(input);
      this.afterCall?.('CreateFunction');
      return { FunctionName: fn.name, State: 'Pending' };
    });
    mock
      .on(UpdateFunctionConfigurationCommand)
      .callsFake(
        async (input: { FunctionName?: string; VpcConfig?: CreateFunctionCommandInput['VpcConfig'] }) => {
          const fn = this.find(input.FunctionName);
          fn.config = { ...fn.config, VpcConfig: input.VpcConfig };
          this.afterCall?.('UpdateFunctionConfiguration');
          return {};
        },
      );
    mock.on(DeleteFunctionCommand).callsFake(async (input: { FunctionName?: string }) => {
      this.find(input.FunctionName);
      this.functions.delete(input.FunctionName ?? '');
      this.afterCall?.('DeleteFunction');
      return {};
    });
    mock.on(InvokeCommand).callsFake(async (input: { FunctionName?: string; Payload?: Uint8Array }) => {
      const fn = this.find(input.FunctionName);
      if (fn.state !== 'Active') throw new Error(`ResourceNotReadyException: ${fn.name} is ${fn.state}`);
      const payload = JSON.parse(new TextDecoder().decode(input.Payload)) as {
        targets: { service: string; serviceName: string; type: string }[];
      };
      fn.invocations.push(payload);
      this.afterCall?.('Invoke');
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(this.responder(payload))) };
    });
    return mock;
  }
}
