import {
  AwsInvalidParameterError,
  AwsTransientError,
  ConflictError,
  NetworkError,
  OrchestratorError,
  QuotaExceededError,
  ResourceNotFoundError,
  ThrottlingError,
} from '../domain/errors';

const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  // DynamoDB's: a table or partition over its throughput.
  'ProvisionedThroughputExceededException',
]);
const CONFLICT = new Set([
  'IdempotentParameterMismatch',
  'DuplicateSubnetsInSameZone',
  'IncorrectState',
  'DependencyViolation',
  'InvalidGroup.Duplicate',
  // Route 53: the VPC already answers the name (another zone, or an endpoint's private DNS).
  'ConflictingDomainExists',
  // Route 53: a zone to delete holds records (someone added one meanwhile).
  'HostedZoneNotEmpty',
]);
const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'Unavailable',
  // Route 53: a zone still applying an earlier change.
  'PriorRequestNotComplete',
]);
/** What Node and the SDK's HTTP handler call a request that never reached AWS. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'TimeoutError',
]);

interface AwsLikeError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function awsErrorCode(err: unknown): string {
  const e = err as AwsLikeError;
  return e?.Code ?? e?.name ?? 'UnknownError';
}

/**
 * Maps an AWS service error to one of our named errors (what the state machine's Retry/Catch match on).
 * Errors that never reached the service (credentials, network after the SDK's own retries) pass unchanged.
 */
export function mapAwsError(err: unknown, operation: string): Error {
  if (err instanceof OrchestratorError) return err;
  const network = (err as { code?: string })?.code ?? (err as Error)?.name;
  if (network && NETWORK.has(network)) {
    return new NetworkError(`${operation} could not reach AWS (${network}): ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (!(err as AwsLikeError)?.$metadata) return err instanceof Error ? err : new Error(String(err));
  const code = awsErrorCode(err);
  const message = `${operation} failed: ${code}: ${(err as AwsLikeError)?.message ?? String(err)}`;
  const status = (err as AwsLikeError)?.$metadata?.httpStatusCode ?? 0;
  const options = { cause: err };
  if (THROTTLING.has(code)) return new ThrottlingError(message, options);
  if (code.endsWith('LimitExceeded') || code === 'VpcEndpointLimitExceeded') {
    return new QuotaExceededError(message, options);
  }
  if (code.endsWith('.NotFound') || code.endsWith('NotFound'))
    return new ResourceNotFoundError(message, options);
  if (CONFLICT.has(code) || /conflicting DNS domain/i.test(message))
    return new ConflictError(message, options);
  if (TRANSIENT.has(code) || status >= 500) return new AwsTransientError(message, options);
  return new AwsInvalidParameterError(message, options);
}

const ALREADY_DONE = new Set([
  'InvalidPermission.Duplicate',
  'InvalidPermission.NotFound',
  'RouteAlreadyExists',
]);

/**
 * "Already there" (or, for a revoke, "already gone") answers that mean our intent is satisfied; looks
 * through our mapped errors to the AWS one.
 */
export function isAlreadyDone(err: unknown): boolean {
  return ALREADY_DONE.has(awsErrorCode(err instanceof OrchestratorError ? err.cause : err));
}
