/** What drives a shared clock (tests/support/product-time.ts): every waiter sleeps on one timeline. */
export interface Timeline {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A virtual clock. Alone, simulated time moves only when the test (or the simulator's latency) moves it:
 * right for one execution at a time. Shared (`share`), it reads a timeline that many executions sleep on,
 * and time moves only when every one of them waits: right for executions that overlap.
 */
export class VirtualClock {
  private nowMs = Date.UTC(2026, 0, 1);
  private timeline?: Timeline;
  /** Told the new time whenever this clock is advanced by hand (the product's Date follows it). */
  onAdvance?: (now: number) => void;

  now(): number {
    return this.timeline ? this.timeline.now() : this.nowMs;
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('time only moves forward');
    if (this.timeline) throw new Error('a shared clock moves only when every execution waits: use pause()');
    this.nowMs += ms;
    this.onAdvance?.(this.nowMs);
  }

  /** Moves the clock to `at`, when that is later. */
  advanceTo(at: number): void {
    this.advance(Math.max(0, at - this.now()));
  }

  /** Time a caller spends: on a shared clock it sleeps (a promise); alone, the clock simply moves on. */
  pause(ms: number): Promise<void> | undefined {
    if (this.timeline) return ms > 0 ? this.timeline.sleep(ms) : undefined;
    this.advance(ms);
    return undefined;
  }

  /** Follows `timeline` from now on (undefined: back to moving by hand, from the timeline's time). */
  share(timeline: Timeline | undefined): void {
    if (!timeline && this.timeline) this.nowMs = this.timeline.now();
    this.timeline = timeline;
  }
}

/**
 * EC2 API throttling: a token bucket per category, refilled continuously.
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    private readonly clock: VirtualClock,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.updatedAt) / 1000) * this.refillPerSecond,
    );
    this.updatedAt = now;
  }

  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0 when one is): what an ideal client-side rate limiter waits. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000);
  }
}
