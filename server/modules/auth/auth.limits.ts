import type { Redis } from 'ioredis';
import type { Config } from '../../lib/config.ts';
import { createAttemptLimiter, type AttemptLimiter } from '../../lib/rate-limit.ts';

const HOUR = 3600;

/**
 * The auth module's brute-force limits. Two layers:
 *
 * 1. Counters here (rate-limiter-flexible; shared through Redis when REDIS_URL is set):
 *    - sign-in and two-factor failures per account (normalised email):
 *      `config.loginFailuresPerHour` (100) an hour. Counted for unknown emails too, so a
 *      throttled answer never tells whether an account exists. Once reached, even the right
 *      password gets 429 until the window ends.
 *    - sign-in and two-factor failures per IP: 300 an hour.
 *    - wrong codes per two-factor challenge: 5; then the challenge is spent and the person
 *      signs in again (the password is checked again and counted).
 *    - password-reset requests per email: 5 an hour (beyond it: still 202, no email sent);
 *      per IP: 30 an hour (beyond it: 429).
 *    - sign-ups per IP: 20 an hour.
 * 2. A coarse per-route IP limit through @fastify/rate-limit (`routeLimits`), counting every
 *    request per minute, which stops floods before any password hashing happens. Each is
 *    at least the hourly counter above, so the precise answers (e.g. the silent 202) win.
 */
export interface AuthLimits {
  signInAccount: AttemptLimiter;
  signInIp: AttemptLimiter;
  challenge: AttemptLimiter;
  resetEmail: AttemptLimiter;
  resetIp: AttemptLimiter;
  signUpIp: AttemptLimiter;
}

export function createAuthLimits(
  config: Pick<Config, 'loginFailuresPerHour'>,
  redis?: Redis,
): AuthLimits {
  const make = (name: string, points: number, windowSeconds: number) =>
    createAttemptLimiter({ name, points, windowSeconds, redis });
  return {
    signInAccount: make('signin-account', config.loginFailuresPerHour, HOUR),
    signInIp: make('signin-ip', 300, HOUR),
    challenge: make('2fa-challenge', 5, 10 * 60),
    resetEmail: make('reset-email', 5, HOUR),
    resetIp: make('reset-ip', 30, HOUR),
    signUpIp: make('signup-ip', 20, HOUR),
  };
}

/** Coarse per-IP limits for @fastify/rate-limit's per-route `config.rateLimit`. */
export const routeLimits = {
  signIn: { max: 60, timeWindow: '1 minute' },
  twoFactor: { max: 60, timeWindow: '1 minute' },
  signUp: { max: 30, timeWindow: '1 minute' },
  resetRequest: { max: 60, timeWindow: '1 minute' },
  resetConfirm: { max: 30, timeWindow: '1 minute' },
  twoFactorManage: { max: 30, timeWindow: '1 minute' },
} as const;
