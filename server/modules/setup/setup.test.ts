import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, users } from '../../db/schema/index.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { sessionCookieName } from '../../plugins/session-cookie.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createUser } from '../../test/users.ts';

let t: TestContext;

const ADMIN_PASSWORD = 'lanterns over the harbour wall';
const body = (overrides: Record<string, unknown> = {}) => ({
  email: 'First.Admin@Example.org',
  password: ADMIN_PASSWORD,
  displayName: 'Avery A.',
  timezone: 'Europe/Dublin',
  ...overrides,
});

const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/setup', payload });

async function admins() {
  return t.database.db.select().from(users).where(eq(users.role, 'admin'));
}

describe('/api/setup before any admin exists', () => {
  // These never create an admin, so they share one database.
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  it('says setup is required on an empty database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/setup' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ required: true });
  });

  it('is still required when only members exist', async () => {
    await createUser(t);
    expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({
      required: true,
    });
  });

  it('refuses an email that already has an account, naming body.email', async () => {
    const member = await createUser(t);
    const res = await post(body({ email: member.email }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual([expect.objectContaining({ field: 'body.email' })]);
    expect(await admins()).toHaveLength(0);
  });

  it.each([
    ['a common password', { password: 'password123' }, 'body.password'],
    ['a short password', { password: 'short' }, 'body.password'],
    ['a bad email', { email: 'nope' }, 'body.email'],
    ['an unknown time zone', { timezone: 'Nowhere/Land' }, 'body.timezone'],
    ['a too-long display name', { displayName: 'n'.repeat(61) }, 'body.displayName'],
    ['a wrong type', { displayName: 7 }, 'body.displayName'],
  ])('rejects %s, naming the field', async (_what, overrides, field) => {
    const res = await post(body(overrides));
    expect(res.statusCode, res.body).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toContain(field);
    expect(await admins()).toHaveLength(0);
  });

  it('rejects malformed JSON with a 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
  });

  it('refuses a request from another site', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { origin: 'https://evil.example' },
      payload: body(),
    });
    expect(res.statusCode).toBe(403);
    expect(await admins()).toHaveLength(0);
  });
});

describe('/api/setup creating the first admin', () => {
  // A fresh, empty database for each test.
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());
  it('creates the first admin, signs them in and audits it', async () => {
    const res = await post(body());
    expect(res.statusCode, res.body).toBe(201);
    const { user, csrfToken } = res.json();
    expect(user).toMatchObject({
      email: 'first.admin@example.org',
      displayName: 'Avery A.',
      role: 'admin',
      timezone: 'Europe/Dublin',
      locale: 'en',
      twoFactorSetupRequired: true,
    });
    expect(csrfToken).toEqual(expect.any(String));

    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${sessionCookieName(t.config)}=`));
    expect(cookie).toMatch(/HttpOnly/);
    const token = /=([^;]+)/.exec(cookie)![1]!;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/account',
      headers: { cookie: `${sessionCookieName(t.config)}=${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);

    const [row] = await admins();
    expect(await verifyPassword(row!.passwordHash, ADMIN_PASSWORD)).toBe(true);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'setup.first_admin_created'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, subjectId: user.id, meta: {} });

    expect((await t.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({
      required: false,
    });
  });

  it('answers 409 setup_complete once an admin exists', async () => {
    expect((await post(body())).statusCode).toBe(201);
    const second = await post(body({ email: 'intruder@example.org' }));
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('setup_complete');
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(await admins()).toHaveLength(1);
  });

  it('answers 409 setup_complete when an admin was made another way', async () => {
    await createUser(t, { role: 'admin' });
    const res = await post(body());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('setup_complete');
  });

  it('creates exactly one admin when two requests race', async () => {
    const results = await Promise.all([
      post(body({ email: 'racer.one@example.org' })),
      post(body({ email: 'racer.two@example.org' })),
      post(body({ email: 'racer.three@example.org' })),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409]);
    expect(await admins()).toHaveLength(1);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'setup.first_admin_created'));
    expect(events).toHaveLength(1);
  });

  it('is rate limited', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await post({ email: 'x' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});
