import type { Redis } from 'ioredis';
import type { Config } from '../../lib/config.ts';
import { rateLimited } from '../../lib/errors.ts';
import { createAttemptLimiter, type AttemptLimiter } from '../../lib/rate-limit.ts';

const HOUR = 3600;

/**
 * The auth module's brute-force limits. Two layers:
 *
 * 1. Counters here (rate-limiter-flexible; shared through Redis when REDIS_URL is set):
 *    - sign-in and two-factor failures per account and address pair (normalised email +
 *      client IP): 10 an hour. This is the limit a guesser meets; it stops only them, so a
 *      stranger guessing wrong cannot lock the owner (at another address) out.
 *    - the same failures per account, from every address together:
 *      `config.loginFailuresPerHour` (100) an hour, a ceiling against guessing spread over
 *      many addresses. Once reached, even the right password gets 429 until the window ends;
 *      the owner still gets in with an emailed sign-in link (which needs no password).
 *      Both are counted for unknown emails too, so a throttled answer never tells whether an
 *      account exists.
 *    - sign-in and two-factor failures per IP: 300 an hour.
 *    - sign-in-link requests per email: 5 an hour (beyond it: the same answer, no email);
 *      per IP: 30 an hour (beyond it: 429).
 *    - wrong codes per two-factor challenge: 5; then the challenge is spent and the person
 *      signs in again (the password is checked again and counted).
 *    - password-reset requests per email: 5 an hour (beyond it: still 202, no email sent);
 *      per IP: 30 an hour (beyond it: 429).
 *    - sign-ups per IP: 20 an hour; emails a sign-up causes per address: 3 an hour (beyond it:
 *      the same 202, nothing sent), so nobody can flood an inbox through the sign-up form.
 * 2. A coarse per-route IP limit through @fastify/rate-limit (`routeLimits`), counting every
 *    request per minute, which stops floods before any password hashing happens. Each is
 *    at least the hourly counter above, so the precise answers (e.g. the silent 202) win.
 */
export interface AuthLimits {
  signInPair: AttemptLimiter;
  signInAccount: AttemptLimiter;
  signInIp: AttemptLimiter;
  challenge: AttemptLimiter;
  resetEmail: AttemptLimiter;
  resetIp: AttemptLimiter;
  signUpIp: AttemptLimiter;
  signUpEmail: AttemptLimiter;
  linkEmail: AttemptLimiter;
  linkIp: AttemptLimiter;
}

export function createAuthLimits(
  config: Pick<Config, 'loginFailuresPerHour'>,
  redis?: Redis,
): AuthLimits {
  const make = (name: string, points: number, windowSeconds: number) =>
    createAttemptLimiter({ name, points, windowSeconds, redis });
  return {
    signInPair: make('signin-pair', 10, HOUR),
    signInAccount: make('signin-account', config.loginFailuresPerHour, HOUR),
    signInIp: make('signin-ip', 300, HOUR),
    challenge: make('2fa-challenge', 5, 10 * 60),
    resetEmail: make('reset-email', 5, HOUR),
    resetIp: make('reset-ip', 30, HOUR),
    signUpIp: make('signup-ip', 20, HOUR),
    signUpEmail: make('signup-email', 3, HOUR),
    linkEmail: make('signin-link-email', 5, HOUR),
    linkIp: make('signin-link-ip', 30, HOUR),
  };
}

const pairKey = (account: string, ip: string) => `${account.toLowerCase()}|${ip}`;

/**
 * Throws 429 while this account-and-address pair, the account as a whole (unless
 * `pairOnly`: a step already gated by a password or an emailed link) or the address is over
 * its failure limit.
 */
export async function assertSignInAllowed(
  limits: AuthLimits,
  account: string,
  ip: string,
  opts: { pairOnly?: boolean } = {},
): Promise<void> {
  const key = account.toLowerCase();
  const waits = await Promise.all([
    limits.signInPair.retryAfter(pairKey(key, ip)),
    opts.pairOnly ? 0 : limits.signInAccount.retryAfter(key),
    limits.signInIp.retryAfter(ip),
  ]);
  const wait = Math.max(...waits);
  if (wait > 0) throw rateLimited(wait);
}

/** Counts one failed password or code for the pair, the account and the address. */
export async function countSignInFailure(
  limits: AuthLimits,
  account: string,
  ip: string,
): Promise<void> {
  const key = account.toLowerCase();
  await Promise.all([
    limits.signInPair.hit(pairKey(key, ip)),
    limits.signInAccount.hit(key),
    limits.signInIp.hit(ip),
  ]);
}

/** Coarse per-IP limits for @fastify/rate-limit's per-route `config.rateLimit`. */
export const routeLimits = {
  signIn: { max: 60, timeWindow: '1 minute' },
  twoFactor: { max: 60, timeWindow: '1 minute' },
  signUp: { max: 30, timeWindow: '1 minute' },
  resetRequest: { max: 60, timeWindow: '1 minute' },
  resetConfirm: { max: 30, timeWindow: '1 minute' },
  twoFactorManage: { max: 30, timeWindow: '1 minute' },
  signInLink: { max: 60, timeWindow: '1 minute' },
} as const;
