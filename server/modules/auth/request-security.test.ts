import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, TEST_PASSWORD } from '../../test/users.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { SessionUser } from './session.service.ts';

// Who the client is (X-Forwarded-For), where a request comes from (Origin), and which
// answers no cache may keep.

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Signs in from `remoteAddress` claiming `forwardedFor`; answers the IP the session recorded. */
async function recordedIp(app: TestContext, remoteAddress: string, forwardedFor: string) {
  const user = await createUser(app);
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress,
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const sessions = await app.app.inject({ url: '/api/auth/sessions', headers: { cookie } });
  return (sessions.json().sessions as { ip: string }[])[0]!.ip;
}

describe('TRUST_PROXY', () => {
  it('trusts no proxy by default, in production too', () => {
    const base = { SESSION_SECRET: 'x'.repeat(40) };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
    ]);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });

  it('ignores X-Forwarded-For by default, so per-IP limits count the real client', async () => {
    expect(await recordedIp(t, '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('believes X-Forwarded-For only from a listed proxy', async () => {
    const behindProxy = await createTestApp({ trustProxy: ['10.1.0.0/16'] });
    try {
      expect(await recordedIp(behindProxy, '10.1.2.3', '198.51.100.2')).toBe('198.51.100.2');
      expect(await recordedIp(behindProxy, '203.0.113.10', '198.51.100.3')).toBe('203.0.113.10');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('the Origin check', () => {
  const signInFrom = (url: string, origin: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { origin },
      payload: { email: 'nobody@example.org', password: 'whatever it is' },
    });

  it('refuses a signed-out request from another site, however the path is spelled', async () => {
    for (const url of ['/api/auth/sign-in', '/%61pi/auth/sign-in', '/api/auth/%73ign-in']) {
      const res = await signInFrom(url, 'https://evil.example');
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('csrf_failed');
    }
  });

  it('lets our own origin through', async () => {
    const res = await signInFrom('/%61pi/auth/sign-in', new URL(t.config.publicUrl).origin);
    expect(res.statusCode).toBe(401);
  });

  it('asks a signed-in request on an encoded path for the CSRF token', async () => {
    const person = await createSignedIn(t);
    const res = await t.app.inject({
      method: 'POST',
      url: '/%61pi/auth/sessions/revoke-others',
      headers: { cookie: person.headers.cookie! },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});

describe('personal answers', () => {
  it('carry Cache-Control: no-store', async () => {
    const person = await createSignedIn(t);
    for (const url of [
      '/api/auth/session',
      '/api/auth/sessions',
      '/api/calendar/feed',
      '/api/account',
    ]) {
      const res = await person.request({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const created = await person.request({ method: 'POST', url: '/api/calendar/feed' });
    expect(created.headers['cache-control']).toBe('no-store');
    const signedOut = await t.app.inject({ url: '/api/auth/session' });
    expect(signedOut.headers['cache-control']).toBe('no-store');
  });
});

describe('request.user', () => {
  it('carries what requests need and never the password hash or two-factor secret', async () => {
    const person = await createSignedIn(t, { totpSecret: 'sealed-secret-canary' });
    const token = person.headers.cookie!.split('=')[1]!;
    const resolved = await t.app.sessions.resolve(token);
    expect(resolved?.user).toEqual({
      id: person.user.id,
      role: 'member',
      locale: 'en',
      timezone: 'Europe/London',
      twoFactorEnabled: false,
    });
    expect(JSON.stringify(resolved)).not.toContain('sealed-secret-canary');
    expect(JSON.stringify(resolved)).not.toContain('argon2');
  });

  it('cannot be given a whole users row (a type error)', () => {
    const row = { passwordHash: 'x' } as unknown as UserRow;
    // @ts-expect-error a users row carries passwordHash and totpSecret, which SessionUser forbids
    const user: SessionUser = row;
    expect(user).toBe(row);
  });
});
