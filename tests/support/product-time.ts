import { install as installFake, type FakeMethod } from '@sinonjs/fake-timers';

type InstalledClock = ReturnType<typeof installFake>;
import type { Timeline, VirtualClock } from './sim-ec2/clock';

// Captured before any fake is installed: the driver yields to the real event loop with it.
const realSetImmediate = globalThis.setImmediate;
const realRandom = Math.random;
let installed: InstalledClock | undefined;

function install(now: number, toFake: FakeMethod[]): InstalledClock {
  installed?.uninstall();
  installed = installFake({ now, toFake, loopLimit: 10_000_000 });
  return installed;
}

/** Lets every promise chain that can move run to its next wait (no real I/O runs under the simulation). */
const settle = async () => {
  for (let i = 0; i < 2; i += 1) await new Promise<void>((resolve) => realSetImmediate(resolve));
};

/**
 * The one time of a simulation: the simulator's clock, the product's `Date` and, when executions overlap,
 * their timers. By hand (`followClock`), one execution at a time moves the clock and `Date` follows it.
 * Together (`runTogether`), every Wait state, Retry pause, SDK backoff and call latency of every execution
 * is a timer on one timeline, and time jumps to the next timer only when nothing else can run: executions
 * that overlap share each second instead of each spending it on its own.
 */
export class ProductTime implements Timeline {
  constructor(private readonly clock: VirtualClock) {}

  /** The product's Date reads the simulator's clock, which the test (or one execution) moves by hand. */
  followClock(): void {
    const fake = install(this.clock.now(), ['Date']);
    this.clock.onAdvance = (now) => fake.setSystemTime(now);
  }

  now(): number {
    return installed?.now ?? this.clock.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * Runs `work` on one timeline for everyone: `work` starts executions and returns when they end;
   * `more` may start further ones as others queue them. Step Functions' full-jitter retries draw from
   * a seeded generator, so one simulation gives one answer.
   */
  async runTogether<T>(work: () => Promise<T>): Promise<T> {
    const fake = install(this.clock.now(), [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'Date',
    ]);
    this.clock.share(this);
    let seed = 0x9e3779b9;
    Math.random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    try {
      let done = false;
      const result = work().finally(() => {
        done = true;
      });
      result.catch(() => undefined);
      for (;;) {
        await settle();
        if (done) break;
        if (fake.countTimers() === 0) throw new Error('every execution waits, but nothing will wake any');
        fake.next();
      }
      return await result;
    } finally {
      this.clock.share(undefined);
      Math.random = realRandom;
      this.followClock();
    }
  }
}
