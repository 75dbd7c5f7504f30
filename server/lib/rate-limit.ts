import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { hashToken } from './tokens.ts';

/**
 * Counts attempts per key in a fixed window (rate-limiter-flexible): in memory for one
 * process, in Redis when several instances share the load. Keys are hashed before they
 * reach the store, so Redis never holds an email address.
 *
 * Time: the counters follow the store's clock (Date.now() in memory, Redis' own TTLs), not
 * the app's injected Clock. Tests move the process clock (vi.setSystemTime) to see a window
 * end; see rate-limit.test.ts.
 */
export interface AttemptLimiter {
  readonly points: number;
  /** Seconds until `key` may try again; 0 when it has attempts left. Counts nothing. */
  retryAfter(key: string): Promise<number>;
  /** Counts one attempt (e.g. a failed sign-in) whatever the count already is. */
  hit(key: string): Promise<void>;
  /** Counts one attempt when allowed; otherwise says how long to wait. */
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfter: number }>;
  /** Forgets `key` (e.g. a test, or an admin lifting a block). */
  reset(key: string): Promise<void>;
}

export interface AttemptLimiterOptions {
  /** Distinguishes counters in a shared store, e.g. `signin-account`. */
  name: string;
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
  /** When present, counters are shared through Redis; memory is the fallback if Redis fails. */
  redis?: Redis;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function createAttemptLimiter(opts: AttemptLimiterOptions): AttemptLimiter {
  const base = { points: opts.points, duration: opts.windowSeconds };
  const memory = new RateLimiterMemory({ ...base, keyPrefix: `iconocast-${opts.name}` });
  const store: RateLimiterAbstract = opts.redis
    ? new RateLimiterRedis({
        ...base,
        storeClient: opts.redis,
        keyPrefix: `iconocast-${opts.name}`,
        // A Redis outage degrades to per-process limits instead of failing open or closed.
        insuranceLimiter: memory,
      })
    : memory;
  const k = (key: string) => hashToken(key.toLowerCase());

  return {
    points: opts.points,
    async retryAfter(key) {
      const res = await store.get(k(key));
      if (!res || res.consumedPoints < opts.points) return 0;
      return res.msBeforeNext > 0 ? seconds(res.msBeforeNext) : 0;
    },
    async hit(key) {
      await store.penalty(k(key), 1);
    },
    async take(key) {
      try {
        await store.consume(k(key), 1);
        return { allowed: true };
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          return { allowed: false, retryAfter: seconds(err.msBeforeNext) };
        }
        throw err;
      }
    },
    async reset(key) {
      await store.delete(k(key));
    },
  };
}
