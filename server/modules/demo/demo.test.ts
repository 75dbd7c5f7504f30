import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupMemberships, groups, meetings, users } from '../../db/schema/index.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { fromRRule } from '../meetings/recurrence.ts';
import { DEMO_PASSWORD, demoGroups } from './demo.content.ts';
import { seedDemo } from './demo.service.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('seedDemo', () => {
  it('fills an empty database with groups, people, memberships and meetings', async () => {
    const result = await seedDemo(t.database.db, t.clock);
    expect(result.seeded).toBe(true);
    expect(result.summary).toContain(DEMO_PASSWORD);
    expect(result.summary).toContain('admin@demo.iconocast.invalid');

    const db = t.database.db;
    const people = await db.select().from(users);
    expect(people).toHaveLength(11);
    expect(people.filter((p) => p.role === 'admin')).toHaveLength(1);
    expect(people.filter((p) => p.role === 'facilitator')).toHaveLength(2);
    expect(people.filter((p) => p.role === 'member')).toHaveLength(8);
    for (const p of people) {
      expect(p.email).toMatch(/@demo\.iconocast\.invalid$/);
      expect(p.displayName).toMatch(/^\p{L}+ \p{Lu}\.$/u); // first name + last initial
    }
    expect(await verifyPassword(people[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);

    const allGroups = await db.select().from(groups);
    expect(allGroups).toHaveLength(6);
    expect(allGroups.some((g) => g.languages.includes('es'))).toBe(true);
    expect(allGroups.filter((g) => !g.isOpen)).toHaveLength(1);
    expect(new Set(allGroups.map((g) => g.format))).toEqual(
      new Set(['online', 'in_person', 'hybrid']),
    );
    for (const g of allGroups) {
      expect(g.description.length).toBeGreaterThan(80);
      expect(g.agreement.length).toBeGreaterThan(80);
      expect(g.focusAreas.length).toBeGreaterThan(0);
      expect(g.capacity).toBeGreaterThan(0);
    }

    const allMeetings = await db.select().from(meetings);
    expect(allMeetings.length).toBeGreaterThanOrEqual(6);
    const zones = new Set(Intl.supportedValuesOf('timeZone'));
    for (const m of allMeetings) {
      expect(zones.has(m.timezone)).toBe(true);
      expect(m.startTime).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(m.rrule).toMatch(/^FREQ=(WEEKLY|MONTHLY);/);
      expect(m.types.length).toBeGreaterThan(0);
    }
    // Online meetings link only to reserved .invalid hosts (and there are some to check).
    const links = allMeetings.flatMap((m) => (m.conferenceUrl ? [m.conferenceUrl] : []));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(new URL(link).hostname).toMatch(/\.invalid$/);
    for (const g of allGroups) {
      expect(allMeetings.filter((m) => m.groupId === g.id).length).toBeGreaterThanOrEqual(1);
    }

    const memberships = await db.select().from(groupMemberships);
    for (const g of allGroups) {
      const inGroup = memberships.filter((m) => m.groupId === g.id && m.status === 'active');
      expect(inGroup.some((m) => m.role === 'facilitator')).toBe(true);
      expect(inGroup.some((m) => m.role === 'member')).toBe(true);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('stores each meeting with the attendance its content gives, derived by the editor’s rules', async () => {
    const stored = await t.database.db.select().from(meetings);
    const given = demoGroups.flatMap((g) => g.meetings);
    expect(stored.map((m) => [m.slug, m.attendance]).sort()).toEqual(
      given.map((m) => [m.slug, m.attendance]).sort(),
    );
    expect(new Set(stored.map((m) => m.attendance))).toEqual(
      new Set(['online', 'hybrid', 'in_person']),
    );
    for (const m of stored.filter((row) => row.attendance !== 'online')) {
      expect([m.slug, m.latitude, m.longitude]).toEqual([
        m.slug,
        expect.any(Number),
        expect.any(Number),
      ]);
    }
  });

  it('keeps the fortnightly meeting fortnightly, on its Sunday', async () => {
    const [sunday] = await t.database.db
      .select()
      .from(meetings)
      .where(eq(meetings.slug, 'level-up-sunday'));
    expect(sunday!.rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;WKST=MO');
    expect(fromRRule(sunday!.rrule)?.recurrence).toEqual({
      kind: 'weekly',
      days: ['SU'],
      interval: 2,
    });
    for (const m of await t.database.db.select().from(meetings)) {
      expect([m.slug, fromRRule(m.rrule)?.recurrence.kind]).not.toEqual([m.slug, undefined]);
      expect([m.slug, fromRRule(m.rrule)?.recurrence.kind]).not.toEqual([m.slug, 'once']);
    }
  });

  it('lists every demo meeting in the finder under its way to attend, the fortnightly one on Sundays', async () => {
    const find = async (query: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/finder?pageSize=50&${query}` });
      expect(res.statusCode).toBe(200);
      return res.json<{
        total: number;
        results: { slug: string; next: { start: string } }[];
        facets: { attendance: { value: string; count: number }[] };
      }>();
    };
    // Closed groups' meetings are listed too (their public projection).
    const listed = demoGroups
      .flatMap((g) => g.meetings)
      .map((m) => ({ slug: m.slug, attendance: m.attendance }));
    for (const attendance of ['online', 'hybrid', 'in_person'] as const) {
      const answer = await find(`attendance=${attendance}`);
      const expected = listed.filter((m) => m.attendance === attendance).map((m) => m.slug);
      expect(expected.length).toBeGreaterThan(0);
      expect(answer.results.map((r) => r.slug).sort()).toEqual(expected.sort());
    }
    const sunday = (await find('q=sunday+reset')).results.find((r) => r.slug === 'level-up-sunday');
    expect(sunday).toBeDefined();
    const start = new Date(sunday!.next.start);
    const weekday = new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      timeZone: 'Europe/London',
    });
    expect(weekday.format(start)).toBe('Sunday');
  });

  it('does nothing the second time', async () => {
    const db = t.database.db;
    const before = (await db.select().from(users)).length;
    const again = await seedDemo(db, t.clock);
    expect(again.seeded).toBe(false);
    expect((await db.select().from(users)).length).toBe(before);
    expect(await db.select().from(groups)).toHaveLength(6);
  });

  it('does nothing when the database already has someone in it', async () => {
    const other = await createTestApp();
    try {
      const { createUser } = await import('../../test/users.ts');
      await createUser(other);
      expect((await seedDemo(other.database.db, other.clock)).seeded).toBe(false);
      expect(await other.database.db.select().from(groups)).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
