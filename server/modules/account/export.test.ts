import { settle } from '../auth/auth.test-helpers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableColumns } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import {
  calendarFeeds,
  groupMemberships,
  groups,
  meetingChangeRequests,
  meetings,
  users,
} from '../../db/schema/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, createUser, TEST_PASSWORD } from '../../test/users.ts';
import { joinNewGroup } from './account.test-helpers.ts';
import { registerExportSection } from './export.service.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/account/export', () => {
  it('downloads everything held about me as a dated JSON attachment', async () => {
    const me = await createSignedIn(t, { displayName: 'Casey M.', pronouns: 'she/they' });
    await joinNewGroup(t, me.user.id, 'Evening Circle');
    await recordAudit(t.database.db, t.clock, {
      actorId: null,
      subjectId: me.user.id,
      action: 'user.role_changed',
      resourceType: 'user',
    });
    await me.request({
      method: 'POST',
      url: '/api/account/email',
      payload: { newEmail: 'casey.new@example.org', password: TEST_PASSWORD },
    });
    await settle(t);

    const res = await me.request({ method: 'GET', url: '/api/account/export' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="iconocast-export-2026-03-01.json"',
    );
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');

    const doc = res.json();
    expect(doc.format).toBe('iconocast-export/1');
    expect(doc.exportedAt).toBe('2026-03-01T12:00:00.000Z');

    expect(doc.profile).toMatchObject({
      id: me.user.id,
      email: me.user.email,
      displayName: 'Casey M.',
      pronouns: 'she/they',
      timezone: 'Europe/London',
      role: 'member',
      status: 'active',
      twoFactorEnabled: false,
      createdAt: '2026-03-01T12:00:00.000Z',
    });

    expect(doc.sessions).toHaveLength(1);
    expect(doc.sessions[0]).toEqual({
      createdAt: '2026-03-01T12:00:00.000Z',
      lastSeenAt: '2026-03-01T12:00:00.000Z',
      expiresAt: expect.any(String),
      userAgent: 'vitest',
      ip: '127.0.0.1',
    });

    expect(doc.groupMemberships).toEqual([
      expect.objectContaining({ groupName: 'Evening Circle', role: 'member', status: 'active' }),
    ]);
    expect(doc.meetings).toEqual([
      expect.objectContaining({
        name: 'Evening Circle weekly',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        timezone: 'Europe/London',
      }),
    ]);

    const actions = doc.auditEvents.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['user.role_changed', 'account.email_change_requested']);

    expect(doc.pendingTokens).toEqual([
      {
        purpose: 'email_change',
        createdAt: '2026-03-01T12:00:00.000Z',
        expiresAt: '2026-03-02T12:00:00.000Z',
      },
    ]);
  });

  it('exports every users column except the two secrets', async () => {
    const me = await createSignedIn(t);
    const doc = (await me.request({ method: 'GET', url: '/api/account/export' })).json();
    const expected = Object.keys(getTableColumns(users))
      .filter((c) => c !== 'passwordHash' && c !== 'totpSecret')
      .concat('twoFactorEnabled')
      .sort();
    expect(Object.keys(doc.profile).sort()).toEqual(expected);
  });

  it("contains no secret and nothing of another member's", async () => {
    const other = await createUser(t, {
      displayName: 'Other Person Zed',
      email: 'other.zed@example.org',
    });
    const group = await joinNewGroup(t, other.id, 'Shared Morning Group');
    const me = await createSignedIn(t, {
      totpSecret: 'JBSWY3DPEHPK3PXP',
      totpEnabledAt: t.clock.now(),
    });
    await t.database.db.insert(groupMemberships).values({ groupId: group.id, userId: me.user.id });
    await recordAudit(t.database.db, t.clock, {
      actorId: other.id,
      subjectId: other.id,
      action: 'account.password_changed',
      resourceType: 'user',
      resourceId: other.id,
    });

    const res = await me.request({ method: 'GET', url: '/api/account/export' });
    const text = res.body;
    expect(res.json().profile.twoFactorEnabled).toBe(true);
    expect(text).not.toContain(other.id);
    expect(text).not.toContain('Other Person Zed');
    expect(text).not.toContain('other.zed@example.org');
    expect(text).not.toMatch(/argon2|passwordHash|JBSWY3DPEHPK3PXP|totpSecret|csrf/i);
    // The session id (a token hash) is not mine to need either.
    expect(text).not.toMatch(/"id":"[0-9a-f]{64}"/);
    expect(res.json().groupMemberships).toHaveLength(1);
  });

  it('is audited', async () => {
    const me = await createSignedIn(t);
    await me.request({ method: 'GET', url: '/api/account/export' });
    const page = (await me.request({ method: 'GET', url: '/api/account/audit' })).json();
    expect(page.events[0]).toMatchObject({
      action: 'account.exported',
      actor: 'You',
      actorId: me.user.id,
      subjectId: me.user.id,
    });
  });

  it('includes sections that later modules register', async () => {
    const me = await createSignedIn(t);
    const unregister = registerExportSection({
      name: 'journalEntries',
      tables: [],
      collect: async (_db, userId) => [{ owner: userId, title: 'kept' }],
    });
    try {
      const doc = (await me.request({ method: 'GET', url: '/api/account/export' })).json();
      expect(doc.journalEntries).toEqual([{ owner: me.user.id, title: 'kept' }]);
    } finally {
      unregister();
    }
    expect(() =>
      registerExportSection({ name: 'profile', tables: [], collect: async () => null }),
    ).toThrow();
    expect(() =>
      registerExportSection({ name: 'format', tables: [], collect: async () => null }),
    ).toThrow();
  });

  it("gives a closed group's meeting details only while my membership is active", async () => {
    const me = await createSignedIn(t);
    const db = t.database.db;
    const group = await joinNewGroup(t, me.user.id, 'Closed Export Circle');
    await db.update(groups).set({ isOpen: false }).where(eq(groups.id, group.id));
    await db
      .update(meetings)
      .set({
        locationName: 'Venue Marker Hall',
        address: '9 Marker Street, Bristol',
        conferenceUrl: 'https://meet.example/marker?pwd=MarkerPass',
        notes: 'Marker note',
      })
      .where(eq(meetings.groupId, group.id));
    const exportText = async () =>
      (await me.request({ method: 'GET', url: '/api/account/export' })).body;

    const active = await exportText();
    expect(active).toContain('Venue Marker Hall');
    expect(active).toContain('MarkerPass');

    for (const status of ['requested', 'left', 'removed'] as const) {
      await db
        .update(groupMemberships)
        .set({ status })
        .where(eq(groupMemberships.userId, me.user.id));
      const text = await exportText();
      expect(text, status).not.toMatch(/Marker/);
      // My own membership history stays, without the group's secrets.
      expect(JSON.parse(text).groupMemberships).toEqual([
        expect.objectContaining({ groupName: 'Closed Export Circle', status }),
      ]);
    }
  });

  it('includes the changes I suggested (with my note) and my private calendar feed', async () => {
    const me = await createSignedIn(t);
    const group = await joinNewGroup(t, me.user.id);
    const db = t.database.db;
    const [meeting] = await db.select().from(meetings).where(eq(meetings.groupId, group.id));
    await db.insert(meetingChangeRequests).values({
      meetingId: meeting!.id,
      requesterId: me.user.id,
      proposed: { name: 'Better name' },
      note: 'The sign on the door says otherwise',
    });
    await db.insert(calendarFeeds).values({ userId: me.user.id, tokenHash: `h-${me.user.id}` });
    const doc = (await me.request({ method: 'GET', url: '/api/account/export' })).json();
    expect(doc.meetingChangeRequests.suggested).toEqual([
      expect.objectContaining({
        meetingSlug: meeting!.slug,
        note: 'The sign on the door says otherwise',
        proposed: { name: 'Better name' },
        status: 'pending',
      }),
    ]);
    expect(doc.calendarFeed).toMatchObject({ active: true });
    expect(JSON.stringify(doc)).not.toContain(`h-${me.user.id}`);
  });

  it('answers 401 when signed out', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/account/export' });
    expect(res.statusCode).toBe(401);
  });
});
