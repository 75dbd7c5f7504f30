import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** Every event a socket sends, whatever it is: a flood is refused before any work. */
export const EVENTS_PER_SECOND = 20;
/** Chat writes (send, edit, delete, react), per connection and per person. */
export const WRITES_PER_WINDOW = 10;
export const WRITE_WINDOW_S = 10;

export interface RoomLimits {
  /** Resolves when allowed; rejects with the seconds to wait. */
  event(socketId: string): Promise<void>;
  write(socketId: string, userId: string): Promise<void>;
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new RateLimited(err.msBeforeNext);
    throw err;
  }
}

export class RateLimited extends Error {
  constructor(readonly msBeforeNext: number) {
    super('rate limited');
  }
}

/**
 * The limits of the realtime layer (rate-limiter-flexible). Per connection in memory (a
 * connection lives in one process); per person in Redis when it is set, so a person's
 * sockets on several instances share one budget.
 */
export function roomLimits(redis?: Redis): RoomLimits {
  const perSocketEvents = new RateLimiterMemory({
    keyPrefix: 'rt-ev',
    points: EVENTS_PER_SECOND,
    duration: 1,
  });
  const perSocketWrites = new RateLimiterMemory({
    keyPrefix: 'rt-sw',
    points: WRITES_PER_WINDOW,
    duration: WRITE_WINDOW_S,
  });
  const perPersonWrites: RateLimiterAbstract = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: 'rt-pw',
        points: WRITES_PER_WINDOW,
        duration: WRITE_WINDOW_S,
        insuranceLimiter: new RateLimiterMemory({
          points: WRITES_PER_WINDOW,
          duration: WRITE_WINDOW_S,
        }),
      })
    : new RateLimiterMemory({
        keyPrefix: 'rt-pw',
        points: WRITES_PER_WINDOW,
        duration: WRITE_WINDOW_S,
      });
  return {
    event: (socketId) => consume(perSocketEvents, socketId),
    write: async (socketId, userId) => {
      await consume(perSocketWrites, socketId);
      await consume(perPersonWrites, userId);
    },
  };
}
