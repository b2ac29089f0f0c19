import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ApiCallCount } from '../domain/model';
import { mapAwsError } from './errors';

/** The largest pages EC2's Describe calls allow, so a VPC is read in one page per call almost always. */
export const PAGE = 1000;

/** EC2's and Route 53's verbs that change something (Route 53's records and tags change by `Change…`). */
const MUTATING =
  /^(Create|Modify|Delete|Authorize|Revoke|Associate|Disassociate|Replace|Reset|Update|Change)/;

interface Command {
  input: object;
  constructor: { name: string };
}

/** A client of AWS's SDK v3: what the counting door sends through. */
interface Sender {
  send(command: never): Promise<unknown>;
}

/**
 * The one door to an AWS API: counts calls (read vs mutating, reported in every result) and turns AWS
 * errors into our named errors. Retries of throttling happen in the SDK (adaptive mode) and then in the
 * state machine.
 */
export class AwsApi {
  readonly calls: ApiCallCount = { read: 0, mutating: 0 };

  /** `fence`, when given, runs right before every mutating call: it throws when the caller may no longer write. */
  constructor(
    private readonly client: Sender,
    private readonly fence?: () => Promise<void>,
  ) {}

  async send<T>(command: Command): Promise<T> {
    const name = command.constructor.name.replace(/Command$/, '');
    const mutating = MUTATING.test(name);
    if (mutating) await this.fence?.();
    if (mutating) this.calls.mutating += 1;
    else this.calls.read += 1;
    try {
      return (await this.client.send(command as never)) as T;
    } catch (err) {
      throw mapAwsError(err, name);
    }
  }

  /** Follows NextToken until the last page and concatenates what `pick` takes from each page. */
  async paginate<Out extends { NextToken?: string }, Item>(
    makeCommand: (nextToken: string | undefined) => Command,
    pick: (page: Out) => Item[] | undefined,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.send<Out>(makeCommand(nextToken));
      items.push(...(pick(page) ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return items;
  }
}

/** The door to EC2 (the one most steps use). */
export class Ec2Api extends AwsApi {
  constructor(client: EC2Client, fence?: () => Promise<void>) {
    super(client, fence);
  }
}
