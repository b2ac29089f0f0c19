/**
 * Named errors. `name` is what Step Functions matches in `ErrorEquals` (Lambda reports it as errorType),
 * so every class sets it explicitly and keeps the AWS error it came from as `cause`.
 */
export class OrchestratorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One or more `privatelink:*` tags (or the execution's `desired`) hold values we do not accept. */
/** Bad privatelink tags: every bad tag on a line of its own, its value once, each reason with what is accepted. */
export class InvalidTagError extends OrchestratorError {
  constructor(readonly problems: TagProblem[]) {
    super(formatTagProblems(problems));
  }
}

export interface TagProblem {
  key: string;
  value: string;
  accepted: string;
  reason?: string;
}

function formatTagProblems(problems: TagProblem[]): string {
  const byTag = new Map<string, TagProblem[]>();
  for (const p of problems) {
    const tag = `tag ${p.key}="${p.value}"`;
    byTag.set(tag, [...(byTag.get(tag) ?? []), p]);
  }
  return [...byTag.entries()]
    .map(([tag, [first, ...more]]) =>
      more.length === 0 && first
        ? `${tag} is invalid${first.reason ? ` (${first.reason})` : ''}, accepted: ${first.accepted}`
        : `${tag} is invalid: ${[first, ...more].map((p) => `${p?.reason ?? 'invalid'} (accepted: ${p?.accepted})`).join('; ')}`,
    )
    .join('\n');
}

/** The execution input itself is malformed (not a tag problem). */
export class InvalidInputError extends OrchestratorError {}

/** The deployed configuration is invalid. */
export class InvalidConfigError extends OrchestratorError {}

/** The VPC cannot satisfy what its tags ask for (no eligible subnets, DNS attributes off, service not offered…). */
export class UnsatisfiableRequestError extends OrchestratorError {}

/** The hub cannot act in a spoke account: its role there is missing, or does not trust this hub. */
export class SpokeAccessError extends OrchestratorError {}

/**
 * A spoke cannot be served by the central VPC it names: none or several match, the central VPC's tags are
 * invalid, no route reaches it, or it already has its own endpoint for a shared service.
 */
export class CentralVpcError extends OrchestratorError {}

/** Private DNS would answer a name a hosted zone or another endpoint already answers in the VPC. */
export class DnsConflictError extends OrchestratorError {}

/** AWS throttled us (RequestLimitExceeded and friends): retry with backoff. */
export class ThrottlingError extends OrchestratorError {}

/** An AWS quota was hit (endpoints per VPC, gateway endpoints per region, rules per group…). */
export class QuotaExceededError extends OrchestratorError {}

/** A resource we expected is gone (VPC deleted mid-run, endpoint removed by someone else…). */
export class ResourceNotFoundError extends OrchestratorError {}

/** AWS refused the parameters we sent. */
export class AwsInvalidParameterError extends OrchestratorError {}

/** A conflicting resource or state (private DNS domain already used, idempotency token reused…). */
export class ConflictError extends OrchestratorError {}

/** Too many callers raced for the same pace record at once: retried by Step Functions, after a pause. */
export class PaceContentionError extends OrchestratorError {
  constructor(key: string, tries: number) {
    super(`could not reserve a permit of ${key} in ${tries} tries: other executions kept taking it first`);
  }
}

/** An endpoint call was throttled after each of its permits: another caller keeps spending the bucket. */
export class EndpointApiBusyError extends OrchestratorError {
  constructor(permits: number) {
    super(
      `EC2 throttled this endpoint's call after each of its ${permits} permits: another caller in the account is spending the CreateVpcEndpoint/ModifyVpcEndpoint/DeleteVpcEndpoints bucket (lower pace.endpoint in the config to leave it more)`,
    );
  }
}

/** Route 53 throttled LinkCentral after each of its permits: another caller keeps spending the account's buckets. */
export class Route53BusyError extends OrchestratorError {
  constructor(permits: number) {
    super(
      `Route 53 throttled this VPC's central links after each of its ${permits} permits: another caller in the account is spending its Route 53 buckets (lower pace.route53 in the config to leave it more)`,
    );
  }
}

/**
 * A creation repeated for an interrupted run (docs/architecture.md, "Eventual consistency") answered an
 * endpoint deleted since: the intent is forgotten, and the endpoint is made anew after a new permit.
 */
export class StaleCreationError extends OrchestratorError {
  constructor(endpointId: string, serviceName: string) {
    super(
      `the endpoint ${endpointId} (${serviceName}) an earlier run made was deleted since: a new one is made`,
    );
  }
}

/** AWS had a transient fault of its own (5xx, Unavailable). Retry. */
export class AwsTransientError extends OrchestratorError {}

/** One or more endpoints created by this execution went to `failed` / `rejected`. */
export class EndpointFailedError extends OrchestratorError {}

/** Endpoints did not become available before the deadline. */
export class EndpointTimeoutError extends OrchestratorError {}

/** Refused to touch a resource that does not carry our ownership tag. */
export class OwnershipError extends OrchestratorError {}

/** A run of a VPC could not be started: every execution name it could take is held by a closed execution. */
export class RunNotStartedError extends OrchestratorError {}

/** AWS could not be reached (refused, DNS, timeout): transient, retried; the hint says what to check. */
export class NetworkError extends OrchestratorError {}

/**
 * The execution no longer holds its VPC (docs/architecture.md, "One writer per VPC"): Step Functions gave up
 * on it (aborted, timed out) and another run took the VPC over while one of its Lambdas still ran. It
 * changes nothing more: every mutating call checks first.
 */
export class LockLostError extends OrchestratorError {
  constructor(lockKey: string, executionId: string, holder: string | undefined) {
    super(
      `${executionId} no longer holds ${lockKey} (${holder ? `${holder} holds it` : 'nobody holds it'}): it was taken over, and this execution changes nothing more`,
    );
  }
}

/** The VPC was deleted while its run went on: what the run read of it before no longer holds. */
export class VpcGoneError extends OrchestratorError {}

/** AWS will answer again: throttled, a 5xx, or the request never reached it. Retried, never a verdict. */
export const isTransient = (err: unknown): boolean =>
  err instanceof ThrottlingError || err instanceof AwsTransientError || err instanceof NetworkError;
