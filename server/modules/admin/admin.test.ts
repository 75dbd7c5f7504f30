import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, type SignedIn } from '../../test/users.ts';
import { and, eq } from 'drizzle-orm';
import { auditEvents, recoveryCodes, users } from '../../db/schema/index.ts';
import { HEALTH_WORDS } from '../auth/auth.test-helpers.ts';

let t: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
});
afterAll(() => t.close());

const someId = '00000000-0000-4000-8000-000000000000';
const endpoints = [
  { method: 'GET', url: '/api/admin/users' },
  { method: 'POST', url: `/api/admin/users/${someId}/role`, payload: { role: 'facilitator' } },
  { method: 'POST', url: `/api/admin/users/${someId}/suspend`, payload: {} },
  { method: 'POST', url: `/api/admin/users/${someId}/unsuspend` },
  { method: 'POST', url: `/api/admin/users/${someId}/two-factor/reset` },
  { method: 'GET', url: '/api/admin/audit' },
  { method: 'GET', url: '/api/admin/audit/verify' },
] as const;

describe('who may use /api/admin', () => {
  it('asks visitors to sign in', async () => {
    for (const e of endpoints) {
      const res = await t.app.inject({ ...e });
      expect(res.statusCode, e.url).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  it('refuses members and facilitators with 403, before looking at their input', async () => {
    for (const fields of [{}, { role: 'facilitator' as const, totpEnabledAt: t.clock.now() }]) {
      const person = await createSignedIn(t, fields);
      for (const e of [...endpoints, { method: 'POST', url: '/api/admin/users/nope/role' }]) {
        const res = await person.request({ ...e });
        expect(res.statusCode, e.url).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
    }
  });

  it('asks an admin without two-factor to turn it on first', async () => {
    const admin0 = await createSignedIn(t, { role: 'admin' });
    for (const e of endpoints) {
      const res = await admin0.request({ ...e });
      expect(res.statusCode, e.url).toBe(403);
      expect(res.json().error.code).toBe('two_factor_required');
      expect(res.json().error.message).toMatch(/two-factor/i);
    }
  });

  it('lets an admin without two-factor in when the organisation made it optional', async () => {
    const relaxed = await createTestApp({ requireStaffTwoFactor: false });
    try {
      const admin0 = await createSignedIn(relaxed, { role: 'admin' });
      expect((await admin0.request({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(
        200,
      );
    } finally {
      await relaxed.close();
    }
  });

  it('names params.id when an id is not a uuid', async () => {
    for (const action of ['role', 'suspend', 'unsuspend']) {
      const res = await admin.request({
        method: 'POST',
        url: `/api/admin/users/not-a-uuid/${action}`,
        payload: action === 'role' ? { role: 'member' } : {},
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(
        'params.id',
      );
    }
  });

  it('answers 404 for someone who does not exist', async () => {
    for (const e of endpoints.filter((e) => e.method === 'POST')) {
      const res = await admin.request({ ...e });
      expect(res.statusCode, e.url).toBe(404);
    }
  });
});

describe('GET /api/admin/users', () => {
  it('searches names and emails, filters by role and status, and leaves deleted accounts out', async () => {
    const tag = `zq${Date.now()}`;
    const ana = await createUser(t, { displayName: `Ana ${tag}`, role: 'facilitator' });
    const bo = await createUser(t, { email: `${tag}-bo@example.org`, status: 'suspended' });
    await createUser(t, { displayName: `Gone ${tag}`, status: 'deleted', email: null });
    const list = async (qs: string) => {
      const res = await admin.request({ method: 'GET', url: `/api/admin/users?${qs}` });
      expect(res.statusCode).toBe(200);
      return (res.json().users as { id: string }[]).map((u) => u.id);
    };
    expect(new Set(await list(`q=${tag.toUpperCase()}`))).toEqual(new Set([ana.id, bo.id]));
    expect(await list(`q=${tag}&role=facilitator`)).toEqual([ana.id]);
    expect(await list(`q=${tag}&status=suspended`)).toEqual([bo.id]);
    expect(await list(`q=%25`)).not.toContain(ana.id); // % is matched literally
    const one = (
      await admin.request({ method: 'GET', url: `/api/admin/users?q=${tag}&role=facilitator` })
    ).json().users[0];
    expect(one).toEqual({
      id: ana.id,
      displayName: `Ana ${tag}`,
      email: ana.email,
      role: 'facilitator',
      status: 'active',
      twoFactorEnabled: false,
      createdAt: ana.createdAt.toISOString(),
    });
  });

  it('pages through everyone with a keyset cursor, without repeats', async () => {
    for (let i = 0; i < 5; i++) {
      await createUser(t, { displayName: `Pager ${i}` });
      if (i % 2) t.clock.advance(1000); // some share a created_at; the id breaks the tie
    }
    const all = (await admin.request({ method: 'GET', url: '/api/admin/users?limit=100' })).json()
      .users as { id: string }[];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await admin.request({
        method: 'GET',
        url: `/api/admin/users?limit=2${cursor ? `&after=${cursor}` : ''}`,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.users.length).toBeLessThanOrEqual(2);
      seen.push(...body.users.map((u: { id: string }) => u.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(all.map((u) => u.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects a limit out of range and an unknown cursor, naming the field', async () => {
    const big = await admin.request({ method: 'GET', url: '/api/admin/users?limit=1000' });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.details[0].field).toBe('querystring.limit');
    const unknown = await admin.request({ method: 'GET', url: `/api/admin/users?after=${someId}` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].field).toBe('querystring.after');
  });
});

describe('POST /api/admin/users/:id/role', () => {
  it('promotes a member and audits it about them', async () => {
    const member = await createUser(t);
    const res = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${member.id}/role`,
      payload: { role: 'facilitator' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: member.id, role: 'facilitator' });
    const audit = await admin.request({
      method: 'GET',
      url: `/api/admin/audit?subjectId=${member.id}&action=user.role_changed`,
    });
    expect(audit.json().events).toEqual([
      expect.objectContaining({
        action: 'user.role_changed',
        actor: 'You',
        actorId: admin.user.id,
        // The person it was about, by name: an admin need not decode ids.
        subject: member.displayName,
        subjectId: member.id,
        resourceType: 'user',
        resourceId: member.id,
        meta: { from: 'member', to: 'facilitator' },
      }),
    ]);
  });

  it('changes nothing and audits nothing when the role is the same', async () => {
    const member = await createUser(t);
    const res = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${member.id}/role`,
      payload: { role: 'member' },
    });
    expect(res.statusCode).toBe(200);
    const audit = await admin.request({
      method: 'GET',
      url: `/api/admin/audit?subjectId=${member.id}`,
    });
    expect(audit.json().events).toEqual([]);
  });

  it('names body.role when the role is unknown', async () => {
    const member = await createUser(t);
    const res = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${member.id}/role`,
      payload: { role: 'owner' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('body.role');
  });

  it('will not let an admin demote themself, so the last admin always stays', async () => {
    const only = await createTestApp();
    try {
      const me = await createSignedIn(only, { role: 'admin', totpEnabledAt: only.clock.now() });
      for (const url of [`/api/admin/users/${me.user.id}/role`]) {
        const res = await me.request({ method: 'POST', url, payload: { role: 'member' } });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.message).toMatch(/another admin/);
      }
      const suspend = await me.request({
        method: 'POST',
        url: `/api/admin/users/${me.user.id}/suspend`,
        payload: {},
      });
      expect(suspend.statusCode).toBe(403);
      // A second admin can be demoted by the first; the first remains.
      const other = await createUser(only, { role: 'admin' });
      const demote = await me.request({
        method: 'POST',
        url: `/api/admin/users/${other.id}/role`,
        payload: { role: 'member' },
      });
      expect(demote.statusCode).toBe(200);
      const left = await me.request({ method: 'GET', url: '/api/admin/users?role=admin' });
      expect(left.json().users.map((u: { id: string }) => u.id)).toEqual([me.user.id]);
    } finally {
      await only.close();
    }
  });

  it('takes effect on the demoted admin’s very next request', async () => {
    const other = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
    await admin.request({
      method: 'POST',
      url: `/api/admin/users/${other.user.id}/role`,
      payload: { role: 'member' },
    });
    const res = await other.request({ method: 'GET', url: '/api/admin/users' });
    expect(res.statusCode).toBe(403);
  });
});

describe('POST /api/admin/users/:id/suspend and /unsuspend', () => {
  it('suspends, signs the person out everywhere, and audits without the reason text', async () => {
    const member = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
    await t.app.sessions.create(member.user.id, { userAgent: 'phone', ip: null });
    expect((await member.request({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(200);
    const reason = 'Shared Jo Bloggs’s phone number in the group chat';
    const res = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${member.user.id}/suspend`,
      payload: { reason },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: member.user.id, status: 'suspended' });
    expect(await t.app.sessions.list(member.user.id)).toEqual([]);
    const next = await member.request({ method: 'GET', url: '/api/admin/users' });
    expect(next.statusCode).toBe(401);

    const audit = await admin.request({
      method: 'GET',
      url: `/api/admin/audit?subjectId=${member.user.id}&action=user.suspended`,
    });
    const [event] = audit.json().events;
    expect(event.meta).toEqual({ hasReason: true });
    expect(JSON.stringify(audit.json())).not.toContain('Bloggs');

    // Suspending again changes nothing and adds no event.
    await admin.request({
      method: 'POST',
      url: `/api/admin/users/${member.user.id}/suspend`,
      payload: {},
    });
    const again = await admin.request({
      method: 'GET',
      url: `/api/admin/audit?subjectId=${member.user.id}&action=user.suspended`,
    });
    expect(again.json().events).toHaveLength(1);

    const lifted = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${member.user.id}/unsuspend`,
    });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().status).toBe('active');
    const after = await admin.request({
      method: 'GET',
      url: `/api/admin/audit?subjectId=${member.user.id}`,
    });
    expect(after.json().events.map((e: { action: string }) => e.action)).toEqual([
      'user.unsuspended',
      'user.suspended',
    ]);
  });

  it('treats a deleted account as not found', async () => {
    const gone = await createUser(t, { status: 'deleted', email: null, displayName: null });
    for (const action of ['suspend', 'unsuspend']) {
      const res = await admin.request({
        method: 'POST',
        url: `/api/admin/users/${gone.id}/${action}`,
        payload: {},
      });
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('POST /api/admin/users/:id/two-factor/reset', () => {
  it('switches two-factor and recovery codes off, audits it by the admin, and emails the person without health words', async () => {
    const person = await createUser(t, {
      totpEnabledAt: t.clock.now(),
      totpSecret: 'v1.sealed-secret-placeholder',
      locale: 'es',
    });
    await t.database.db
      .insert(recoveryCodes)
      .values({ userId: person.id, codeHash: '$argon2id$placeholder', createdAt: t.clock.now() });
    const res = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${person.id}/two-factor/reset`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: person.id, twoFactorEnabled: false });

    const [row] = await t.database.db.select().from(users).where(eq(users.id, person.id));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(
      await t.database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, person.id)),
    ).toEqual([]);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.subjectId, person.id), eq(auditEvents.action, 'auth.two_factor_reset')),
      );
    expect(event).toMatchObject({ actorId: admin.user.id });
    const mail = t.mailer.lastTo(person.email!)!;
    expect(mail.language).toBe('es');
    expect(mail.subject).toMatch(/dos pasos/);
    expect(mail.text).not.toMatch(HEALTH_WORDS);

    // Already off: a conflict, and nothing more is sent.
    const before = t.mailer.sent.length;
    const again = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${person.id}/two-factor/reset`,
    });
    expect(again.statusCode).toBe(409);
    expect(t.mailer.sent.length).toBe(before);
  });

  it('will not reset the admin’s own two-factor', async () => {
    const res = await admin.request({
      method: 'POST',
      url: `/api/admin/users/${admin.user.id}/two-factor/reset`,
    });
    expect(res.statusCode).toBe(403);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, admin.user.id));
    expect(row!.totpEnabledAt).not.toBeNull();
  });
});

describe('GET /api/admin/audit and /audit/verify', () => {
  it('pages newest first with `before`, filters by actor, and names actors for the viewer', async () => {
    const people = await Promise.all([1, 2, 3].map(() => createUser(t)));
    for (const p of people) {
      await admin.request({
        method: 'POST',
        url: `/api/admin/users/${p.id}/role`,
        payload: { role: 'facilitator' },
      });
    }
    const other = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
    const first = await other.request({
      method: 'GET',
      url: `/api/admin/audit?actorId=${admin.user.id}&limit=2`,
    });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.events).toHaveLength(2);
    expect(page1.events[0].id).toBeGreaterThan(page1.events[1].id);
    expect(page1.events.every((e: { actor: string }) => e.actor === admin.user.displayName)).toBe(
      true,
    );
    expect(page1.nextCursor).toBe(page1.events[1].id);
    const second = await other.request({
      method: 'GET',
      url: `/api/admin/audit?actorId=${admin.user.id}&limit=2&before=${page1.nextCursor}`,
    });
    expect(second.json().events[0].id).toBeLessThan(page1.nextCursor);
  });

  it('reports an unbroken chain', async () => {
    const res = await admin.request({ method: 'GET', url: '/api/admin/audit/verify' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBrokenId: null });
    expect(res.json().checked).toBeGreaterThan(0);
  });
});
