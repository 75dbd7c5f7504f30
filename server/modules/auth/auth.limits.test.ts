import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAttemptLimiter } from '../../lib/rate-limit.ts';
import { createAuthLimits } from './auth.limits.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('attempt limiter (in memory)', () => {
  it('allows `points` attempts a window, then says how long to wait, then allows again', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-01T12:00:00Z') });
    const limiter = createAttemptLimiter({ name: 'test', points: 3, windowSeconds: 3600 });
    for (let i = 0; i < 3; i++)
      expect(await limiter.take('Key@Example.org')).toEqual({ allowed: true });
    const over = await limiter.take('key@example.org');
    expect(over).toEqual({ allowed: false, retryAfter: 3600 });
    vi.setSystemTime(new Date('2026-03-01T12:59:00Z'));
    expect(await limiter.retryAfter('key@example.org')).toBe(60);
    vi.setSystemTime(new Date('2026-03-01T13:00:01Z'));
    expect(await limiter.retryAfter('key@example.org')).toBe(0);
    expect(await limiter.take('key@example.org')).toEqual({ allowed: true });
  });

  it('counts failures with hit() and blocks once they reach the limit', async () => {
    const limiter = createAttemptLimiter({ name: 'test-hit', points: 2, windowSeconds: 60 });
    await limiter.hit('a');
    expect(await limiter.retryAfter('a')).toBe(0);
    await limiter.hit('a');
    expect(await limiter.retryAfter('a')).toBeGreaterThan(0);
    expect(await limiter.retryAfter('b')).toBe(0);
    await limiter.reset('a');
    expect(await limiter.retryAfter('a')).toBe(0);
  });

  it('uses the documented numbers', () => {
    const limits = createAuthLimits({ loginFailuresPerHour: 100 });
    expect(limits.signInAccount.points).toBe(100);
    expect(limits.signInIp.points).toBe(300);
    expect(limits.resetEmail.points).toBe(5);
    expect(limits.resetIp.points).toBe(30);
    expect(limits.signUpIp.points).toBe(20);
  });

  it('blocks an address after 300 sign-in failures an hour', async () => {
    const limits = createAuthLimits({ loginFailuresPerHour: 100 });
    for (let i = 0; i < 299; i++) await limits.signInIp.hit('192.0.2.1');
    expect(await limits.signInIp.retryAfter('192.0.2.1')).toBe(0);
    await limits.signInIp.hit('192.0.2.1');
    expect(await limits.signInIp.retryAfter('192.0.2.1')).toBeGreaterThan(3500);
  });
});

// Runs where Redis is available (CI sets REDIS_URL): two app instances share counters.
describe.skipIf(!process.env.REDIS_URL)('attempt limiter (Redis)', () => {
  it('shares counts between instances and keeps no email in Redis', async () => {
    const a = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
    const b = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const name = `test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const one = createAttemptLimiter({ name, points: 2, windowSeconds: 60, redis: a });
      const two = createAttemptLimiter({ name, points: 2, windowSeconds: 60, redis: b });
      await one.hit('someone@example.org');
      await two.hit('someone@example.org');
      expect(await one.retryAfter('someone@example.org')).toBeGreaterThan(0);
      expect(await two.take('someone@example.org')).toMatchObject({ allowed: false });
      const keys = await a.keys(`iconocast-${name}*`);
      expect(keys.length).toBe(1);
      expect(keys[0]).not.toContain('someone');
      await a.del(...keys);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
