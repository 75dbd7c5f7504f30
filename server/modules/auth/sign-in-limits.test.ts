import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createUser, TEST_PASSWORD } from '../../test/users.ts';
import {
  browserFrom,
  nextIp,
  signInRequest,
  signUp,
  totpCode,
  uniqueEmail,
  wrongTotpCode,
} from './auth.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  // In-process limits here: the recovery check moves the process clock, which Redis's own
  // expiry does not follow. The Redis store has its own test in auth.limits.test.ts.
  t = await createTestApp({}, {}, { redis: false });
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3_600_000;

/** `n` failed sign-ins for one email, each from a different address (a spread-out attack). */
async function failSignIns(email: string, n: number) {
  for (let i = 0; i < n; i++) {
    const res = await signInRequest(t, email, `wrong guess number ${i}`);
    expect(res.statusCode, `failure ${i + 1}`).toBe(401);
  }
}

describe('sign-in failure limits', () => {
  it('throttles an account after 100 failures in an hour, even with the right password, and recovers after the hour', async () => {
    // rate-limiter-flexible keeps its own time (Date.now), not the app's Clock: move the
    // process clock (only Date is faked; timers and I/O run normally) to end the window.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
    const user = await createUser(t);
    const email = user.email!;
    await failSignIns(email, 100);

    const blocked = await signInRequest(t, email, TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error.code).toBe('rate_limited');
    // Our per-account counter answered, not the coarse per-route IP limit.
    expect(blocked.json().error.message).toMatch(/^Too many attempts/);
    expect(blocked.cookies).toHaveLength(0);

    // An unknown email throttles the same way, with the same words.
    const nobody = uniqueEmail('nobody');
    await failSignIns(nobody, 100);
    const unknown = await signInRequest(t, nobody, TEST_PASSWORD);
    expect(unknown.statusCode).toBe(429);
    expect(unknown.json()).toEqual(blocked.json());

    // Still blocked just before the hour ends.
    vi.setSystemTime(Date.now() + HOUR - 60_000);
    expect((await signInRequest(t, email, TEST_PASSWORD)).statusCode).toBe(429);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    t.clock.advance(HOUR + 60_000);
    const recovered = await signInRequest(t, email, TEST_PASSWORD);
    expect(recovered.statusCode).toBe(200);
    browserFrom(t, recovered);
  }, 60_000);

  it('counts wrong two-factor codes as failures for the account', async () => {
    const person = await signUp(t);
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/setup',
      headers: person.browser.headers,
    });
    const { secret } = setup.json() as { secret: string };
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      headers: person.browser.headers,
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    // 95 password failures, then wrong codes on fresh challenges until the limit.
    await failSignIns(person.email, 95);
    for (let i = 0; i < 5; i++) {
      const { challenge } = (await signInRequest(t, person.email, person.password)).json();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/two-factor',
        remoteAddress: nextIp(),
        payload: { challenge, code: wrongTotpCode(secret, t.clock.now()) },
      });
      expect(res.statusCode).toBe(400);
    }
    const res = await signInRequest(t, person.email, person.password);
    expect(res.statusCode).toBe(429);
  }, 60_000);
});
