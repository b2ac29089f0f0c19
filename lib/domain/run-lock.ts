/**
 * One writer per VPC (docs/architecture.md, "One writer per VPC"). A lock record per VPC says which execution holds the VPC, whether a
 * change arrived since it started (`pending`), and a generation that names the next execution.
 *
 * - Every execution's first step acquires the lock; one that finds it held by a running execution marks
 *   the VPC pending and ends at once ("coalesced"): two executions never run mutating steps together.
 * - Triggers mark the VPC pending and start an execution named after the current generation, so a burst
 *   of events (and a tag event with its CloudTrail twin) yields one execution: the rest of the burst gets
 *   ExecutionAlreadyExists.
 * - Releasing the lock moves to the next generation; if a change arrived meanwhile, the releasing
 *   execution starts its successor, which reads the tags again: nothing is lost.
 */
export interface LockRecord {
  vpcId: string;
  holder?: string;
  pending: boolean;
  generation: number;
  /** When the record was first written: part of execution names, so a recreated table never reuses one. */
  epoch: string;
}

export interface RunLockStore {
  /** Takes the lock if free, held by `executionId` already, or held by `staleHolder`; clears `pending`. */
  acquire(
    lockKey: string,
    executionId: string,
    staleHolder?: string,
  ): Promise<{ acquired: boolean; holder?: string }>;
  /** Notes that the VPC's wanted state may have changed; creates the record when missing. */
  markPending(lockKey: string): Promise<LockRecord>;
  /**
   * Moves from `generation` to the next one, when the execution of `generation` closed without releasing
   * (it died, or its release failed). Whoever races here gets the same next generation. Returns the record.
   */
  advanceGeneration(lockKey: string, generation: number): Promise<LockRecord>;
  /**
   * Frees the lock held by `executionId`, moving to the next generation. Returns the record before.
   * `awaiting`: the endpoints the run leaves waiting for their service's owner (`[]` clears them; absent,
   * as the run did not read them, leaves the note as it was): what the drift check finishes once accepted.
   */
  release(lockKey: string, executionId: string, awaiting?: string[]): Promise<LockRecord | undefined>;
  /** The endpoints the VPC's last run left waiting for acceptance (docs/architecture.md, "Endpoint services"). */
  awaitingAcceptance(lockKey: string): Promise<string[]>;
  /**
   * Notes that `intent.executionId` is creating the endpoint `key` (service and type) with the request
   * `intent.request`, unless a fresh intent for the same request is there already: that one is returned,
   * and the caller repeats its request exactly (same ClientToken, same tags), so EC2 answers with the
   * endpoint it made — not listed by describes yet — instead of making a second one.
   */
  claimCreation(lockKey: string, key: string, intent: CreationIntent): Promise<CreationIntent>;
  /** Forgets the creations of these keys: their endpoints were deleted, a new one needs a new request. */
  forgetCreations(lockKey: string, keys: string[]): Promise<void>;
  /** Which execution holds the VPC now (a consistent read): what fencing checks before each mutating call. */
  holderOf(lockKey: string): Promise<string | undefined>;
  /**
   * Notes that `executionId`'s LinkCentral acts on Plan's decision (docs/architecture.md, "Centralized
   * endpoints"); false when it noted so already: the state machine is retrying in place a turn that may
   * have acted, which must read first rather than act on Plan's decision again.
   */
  claimLinksTurn(lockKey: string, executionId: string): Promise<boolean>;
  /** Keeps the last live probe result of a VPC, for `privatelink status`. */
  recordProbe(lockKey: string, result: unknown): Promise<void>;
  lastProbe(lockKey: string): Promise<unknown>;
}

export interface CreationIntent {
  executionId: string;
  /** A digest of the request (spec, group): an intent is repeated only for the very same request. */
  request: string;
  /** When it was noted (ms): an intent older than CREATION_INTENT_TTL_MS is not repeated. */
  at: number;
}

/**
 * How long a creation intent is repeated: far longer than EC2's describes lag behind a create (seconds),
 * far shorter than a person's prune-and-add-again.
 */
export const CREATION_INTENT_TTL_MS = 15 * 60 * 1000;

export interface ExecutionStarter {
  /** Starts the provisioning state machine; false when an execution of that name (running or closed) exists. */
  start(name: string, input: unknown): Promise<{ started: boolean; executionArn: string }>;
  isRunning(executionArn: string): Promise<boolean>;
}

/** What starts and serialises runs: the lock table and the state machine. */
export interface RunDeps {
  locks: RunLockStore;
  executions: ExecutionStarter;
}

export const executionName = (record: LockRecord) => `${record.vpcId}-${record.epoch}-g${record.generation}`;
