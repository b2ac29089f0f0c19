import { isServerError, isThrottlingError, isTransientError, Retry } from '@smithy/core/retry';
import type { VirtualClock } from './clock';

/**
 * The AWS SDK's standard retries, as the product's clients make them, on the simulator's clock.
 * aws-sdk-client-mock replaces a client's `send`, so its retry middleware never runs; without this the
 * simulator would see one attempt where AWS sees several, and the workflow tests could not see how much
 * throttling the product survives. Follows @smithy/core's StandardRetryStrategy (the installed version):
 * throttling, transient and server errors are retried up to the client's maxAttempts, each retry after a
 * full-jitter exponential backoff (base Retry.throttlingDelay() for throttling, Retry.delay() otherwise,
 * at most 20 s) and only while the client's retry quota (500 tokens, Retry.throttlingCost() or
 * Retry.cost() a retry, refunded on success) lasts. https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 * Adaptive mode's client-side rate limiter is not modelled: it only ever sends fewer requests into a
 * throttled bucket, so leaving it out can only make the simulation harsher.
 */
export class SdkRetries {
  private capacity = 500;
  private seed = 0x2545f491;

  constructor(
    private readonly clock: VirtualClock,
    private readonly maxAttempts: number,
  ) {}

  /** Jitter from a seeded generator, so a simulation is the same every time. */
  private random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  /**
   * Makes attempts until one succeeds or the policy gives up. Synchronous while the clock moves by hand
   * (so one execution's calls keep their order); on a shared clock each backoff sleeps.
   */
  call<T>(attempt: () => T | Promise<T>): T | Promise<T> {
    return this.attempt(attempt, 0, 1);
  }

  private attempt<T>(attempt: () => T | Promise<T>, retries: number, cost: number): T | Promise<T> {
    let out: T | Promise<T>;
    try {
      out = attempt();
    } catch (err) {
      return this.retry(err, attempt, retries);
    }
    if (out instanceof Promise) {
      return out.then(
        (value) => this.succeeded(value, cost),
        (err: unknown) => this.retry(err, attempt, retries),
      );
    }
    return this.succeeded(out, cost);
  }

  private succeeded<T>(value: T, cost: number): T {
    this.capacity = Math.min(500, this.capacity + cost);
    return value;
  }

  private retry<T>(err: unknown, attempt: () => T | Promise<T>, retries: number): T | Promise<T> {
    const e = err as Parameters<typeof isThrottlingError>[0];
    const throttling = isThrottlingError(e);
    const cost = throttling ? Retry.throttlingCost() : Retry.cost();
    const retryable = throttling || isTransientError(e) || isServerError(e);
    if (!retryable || retries + 1 >= this.maxAttempts || this.capacity < cost) throw err;
    this.capacity -= cost;
    const base = throttling ? Retry.throttlingDelay() : Retry.delay();
    const pause = this.clock.pause(Math.floor(this.random() * Math.min(base * 2 ** retries, 20_000)));
    return pause
      ? pause.then(() => this.attempt(attempt, retries + 1, cost))
      : this.attempt(attempt, retries + 1, cost);
  }
}
