/** A virtual clock: simulated time moves only when the test (or the simulator's latency) moves it. */
export class VirtualClock {
  private nowMs = Date.UTC(2026, 0, 1);

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('time only moves forward');
    this.nowMs += ms;
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
