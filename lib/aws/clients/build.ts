/**
 * Every SDK client is built in lib/aws/clients/, one module per client, so a function's bundle holds only
 * the clients it uses (docs/architecture.md, "Lambda artifacts"), and once per Lambda container, so tests
 * can swap them with aws-sdk-client-mock. AWS_ENDPOINT_URL (honoured by SDK v3 itself) points them at a
 * local emulator. `adaptive` retry mode adds client-side rate limiting on top of exponential backoff.
 */
export const CLIENT_OPTIONS = { maxAttempts: 5, retryMode: 'adaptive' as const };

type Decorator = (client: object) => void;
const clients: object[] = [];
const decorators: Decorator[] = [];

/** Registers a client as it is built, and gives it to every decorator (tracing). */
export function built<T extends object>(client: T): T {
  clients.push(client);
  for (const decorate of decorators) decorate(client);
  return client;
}

/**
 * A client made for one invocation only (another account or region): decorated like the others (tracing)
 * but not kept, so a warm container does not collect one per invocation.
 */
export function decorated<T extends object>(client: T): T {
  for (const decorate of decorators) decorate(client);
  return client;
}

/** Applies `decorate` to every client, those built already and those built later: import order is free. */
export function eachClient(decorate: Decorator): void {
  decorators.push(decorate);
  for (const client of clients) decorate(client);
}
