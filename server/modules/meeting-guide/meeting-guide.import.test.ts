import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, groups, meetings } from '../../db/schema/index.ts';
import { TestClock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { useTestDb } from '../../test/harness.ts';
import { fromRRule } from '../meetings/recurrence.ts';
import { recentWeekday } from './meeting-guide.import-plan.ts';
import { type ImportResult, importFeed } from './meeting-guide.import.ts';
import { readSampleFeed } from './meeting-guide.test-helpers.ts';

const clock = new TestClock(new Date('2026-03-04T15:00:00Z')); // a Wednesday
const db = useTestDb();

async function countRows(source: string) {
  const [m] = await db()
    .select({ n: count() })
    .from(meetings)
    .where(eq(meetings.externalSource, source));
  const [g] = await db()
    .select({ n: count() })
    .from(groups)
    .where(eq(groups.externalSource, source));
  return { meetings: m!.n, groups: g!.n };
}

/** The meeting rows imported from `source` under the feed's `key`. */
const importedMeeting = (source: string, key: string) =>
  db()
    .select()
    .from(meetings)
    .where(and(eq(meetings.externalSource, source), eq(meetings.externalKey, key)));

const reasons = (result: ImportResult) => {
  const byReason: Record<string, number> = {};
  for (const s of result.skipped) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  return byReason;
};

const summary = (result: ImportResult) => ({
  imported: result.imported,
  updated: result.updated,
  unchanged: result.unchanged,
  groupsCreated: result.groupsCreated,
  skipped: reasons(result),
});

describe('importing the four real feeds', () => {
  // Counts computed once, checked against the feeds' own group/location fields, then pinned.
  it.each([
    // 123 rows; 107 name a group (72 distinct); the 16 others group by place or name.
    ['sussexaa.json', 'America/New_York', { imported: 123, groupsCreated: 86 }],
    // 315 rows, 252 distinct `group` names; a few names recur (3 × "Chapter House…"), so 249.
    ['edmonton-nonconforming.json', 'America/Edmonton', { imported: 315, groupsCreated: 249 }],
    // `group` and `location` both hold the district ("District 25"): grouped by meeting name.
    ['al-anon-ma.json', 'America/New_York', { imported: 360, groupsCreated: 351 }],
    // 185 rows; "switzerland-2" has only an approximate address and no way to join online,
    // which the meeting editor refuses, so the import skips it too (naming the field).
    [
      'eda.json',
      'America/New_York',
      { imported: 184, groupsCreated: 149, skipped: { invalid_meeting: 1 } },
    ],
  ] as const)('imports %s (%s) and a second import changes nothing', async (file, zone, pinned) => {
    const text = readSampleFeed(file);
    const first = await importFeed(db(), clock, text, { timezone: zone, source: file });
    expect(summary(first)).toEqual({
      imported: pinned.imported,
      updated: 0,
      unchanged: 0,
      groupsCreated: pinned.groupsCreated,
      skipped: 'skipped' in pinned ? pinned.skipped : {},
    });
    expect(await countRows(file)).toEqual({
      meetings: pinned.imported,
      groups: pinned.groupsCreated,
    });

    clock.advance(60_000);
    const again = await importFeed(db(), clock, text, { timezone: zone, source: file });
    expect(summary(again)).toEqual({
      imported: 0,
      updated: 0,
      unchanged: pinned.imported,
      groupsCreated: 0,
      skipped: 'skipped' in pinned ? pinned.skipped : {},
    });
    expect(await countRows(file)).toEqual({
      meetings: pinned.imported,
      groups: pinned.groupsCreated,
    });
  });

  it('skips every EDA row when neither the rows nor the import give a zone', async () => {
    const result = await importFeed(db(), clock, readSampleFeed('eda.json'), {
      source: 'eda-no-zone',
    });
    expect(summary(result)).toEqual({
      imported: 0,
      updated: 0,
      unchanged: 0,
      groupsCreated: 0,
      skipped: { missing_timezone: 185 },
    });
    expect(result.skipped[0]).toEqual({
      slug: 'london-monday-to-friday-daily-readings-starts-march-1st-online-monday',
      reason: 'missing_timezone',
      message: expect.stringContaining('no timezone'),
      row: 1,
    });
    expect(await countRows('eda-no-zone')).toEqual({ meetings: 0, groups: 0 });
  });

  it('stores a Sussex meeting with its weekly rule, place, types and attendance', async () => {
    const [row] = await importedMeeting('sussexaa.json', 'rehoboth-beach-speaker');
    expect(row).toMatchObject({
      slug: 'rehoboth-beach-speaker',
      name: 'Rehoboth Beach Speaker',
      timezone: 'America/New_York',
      startTime: '19:00',
      durationMinutes: 60,
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      // The Sunday before the import (Wednesday 2026-03-04).
      startsOn: '2026-03-01',
      endsOn: null,
      address: '18 Olive Ave, Rehoboth Beach, DE 19971, USA',
      latitude: 38.7186782,
      approximate: false,
      types: ['O', 'SP'],
      regions: ['Rehoboth'],
      attendance: 'in_person',
    });
    expect(fromRRule(row!.rrule)).toEqual({
      recurrence: { kind: 'weekly', days: ['SU'], interval: 1 },
      endsOn: null,
    });
    const [group] = await db().select().from(groups).where(eq(groups.id, row!.groupId));
    expect(group).toMatchObject({
      name: 'Rehoboth Beach Sunday Group',
      isOpen: true,
      format: 'in_person',
      externalSource: 'sussexaa.json',
      externalKey: 'group:rehoboth beach sunday group',
    });
  });

  it('gives numeric Edmonton slugs a readable meeting slug', async () => {
    const [row] = await db()
      .select({ slug: meetings.slug })
      .from(meetings)
      .where(
        and(
          eq(meetings.externalSource, 'edmonton-nonconforming.json'),
          eq(meetings.externalKey, '6'),
        ),
      );
    expect(row!.slug).toBe('chapter-house-shifters-6');
  });

  it('records one audit event per import, with counts and no names', async () => {
    const events = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'meetings.imported'));
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(events[0]).toMatchObject({
      actorId: null,
      resourceType: 'meeting_import',
      meta: {
        source: 'sussexaa.json',
        via: 'cli',
        imported: 123,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        groupsCreated: 86,
      },
    });
  });
});

describe('re-importing a changed feed', () => {
  it('updates exactly the changed row and keeps its id, slug and group', async () => {
    const text = readSampleFeed('sussexaa.json');
    const source = 'sussex-changed';
    await importFeed(db(), clock, text, { timezone: 'America/New_York', source });
    const before = await importedMeeting(source, 'rehoboth-beach-speaker');

    const rows = JSON.parse(text) as Record<string, unknown>[];
    expect(rows[0]!.slug).toBe('rehoboth-beach-speaker');
    rows[0]!.time = '19:30';
    clock.advance(60_000);
    const result = await importFeed(db(), clock, JSON.stringify(rows), {
      timezone: 'America/New_York',
      source,
    });
    expect(summary(result)).toEqual({
      imported: 0,
      updated: 1,
      unchanged: 122,
      groupsCreated: 0,
      skipped: {},
    });
    const after = await importedMeeting(source, 'rehoboth-beach-speaker');
    expect(after[0]).toMatchObject({
      id: before[0]!.id,
      slug: before[0]!.slug,
      groupId: before[0]!.groupId,
      startTime: '19:30',
      startsOn: before[0]!.startsOn, // same day: the series keeps its start
      updatedAt: clock.now(),
    });
    expect(await countRows(source)).toEqual({ meetings: 123, groups: 86 });

    // A new day moves the start to a matching weekday.
    rows[0]!.day = 3;
    const moved = await importFeed(db(), clock, JSON.stringify(rows), {
      timezone: 'America/New_York',
      source,
    });
    expect(moved.updated).toBe(1);
    const [wednesday] = await db().select().from(meetings).where(eq(meetings.id, before[0]!.id));
    expect(wednesday).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=WE', startsOn: '2026-03-04' });
  });

  it('keeps a meeting in the group an admin moved it to', async () => {
    const source = 'moved-group';
    const feed = [
      { slug: 'a', name: 'Alpha', day: 1, time: '19:00', group: 'Hope', address: '1 Main St' },
      { slug: 'b', name: 'Beta', day: 2, time: '19:00', group: 'Hope', address: '1 Main St' },
    ];
    await importFeed(db(), clock, JSON.stringify(feed), { timezone: 'UTC', source });
    const [own] = await db()
      .insert(groups)
      .values({ slug: 'admins-own-group', name: 'Admin’s own' })
      .returning();
    await db()
      .update(meetings)
      .set({ groupId: own!.id })
      .where(and(eq(meetings.externalSource, source), eq(meetings.externalKey, 'a')));
    feed[0]!.time = '20:00';
    const result = await importFeed(db(), clock, JSON.stringify(feed), { timezone: 'UTC', source });
    expect(summary(result)).toMatchObject({ updated: 1, unchanged: 1, groupsCreated: 0 });
    const [a] = await importedMeeting(source, 'a');
    expect(a).toMatchObject({ groupId: own!.id, startTime: '20:00' });
  });
});

describe('grouping', () => {
  it('groups by the feed’s group, else by place, else by name; format follows attendance', async () => {
    const source = 'grouping';
    const place = {
      location: 'St Mary’s Hall',
      formatted_address: '1 Church St, Lewes, DE 19958, USA',
    };
    const zoom = { conference_url: 'https://zoom.us/j/1', approximate: 'yes' };
    const feed = [
      { slug: 'g1', name: 'Morning', day: 1, time: '07:00', group: 'Hope Group', ...place },
      {
        slug: 'g2',
        name: 'Evening',
        day: 2,
        time: '19:00',
        group: ' hope  group ',
        ...zoom,
        formatted_address: 'Lewes, DE',
      },
      { slug: 'p1', name: 'Steps', day: 3, time: '12:00', ...place },
      { slug: 'p2', name: 'Traditions', day: 4, time: '12:00', ...place },
      {
        slug: 'n1',
        name: 'Online Serenity',
        day: 5,
        time: '20:00',
        location: 'Online',
        ...zoom,
        formatted_address: 'Lewes, DE',
      },
      {
        slug: 'n2',
        name: 'online serenity',
        day: 6,
        time: '20:00',
        ...zoom,
        formatted_address: 'Dover, DE',
      },
      {
        slug: 'd1',
        name: 'Courage AFG',
        day: 0,
        time: '10:00',
        group: 'District 7',
        district: 'District 7',
        ...place,
        location: 'District 7',
      },
    ];
    const result = await importFeed(db(), clock, JSON.stringify(feed), {
      timezone: 'America/New_York',
      source,
    });
    expect(summary(result)).toEqual({
      imported: 7,
      updated: 0,
      unchanged: 0,
      groupsCreated: 4,
      skipped: {},
    });
    const rows = await db()
      .select({
        key: meetings.externalKey,
        group: groups.name,
        format: groups.format,
        groupKey: groups.externalKey,
      })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(eq(meetings.externalSource, source));
    const byKey = Object.fromEntries(rows.map((r) => [r.key, [r.group, r.format]]));
    expect(byKey).toEqual({
      g1: ['Hope Group', 'hybrid'],
      g2: ['Hope Group', 'hybrid'],
      p1: ['St Mary’s Hall', 'in_person'],
      p2: ['St Mary’s Hall', 'in_person'],
      n1: ['Online Serenity', 'online'],
      n2: ['Online Serenity', 'online'],
      // "District 7" is a district, not a group or a place: the meeting is its own group.
      d1: ['Courage AFG', 'in_person'],
    });
  });
});

describe('bad feeds', () => {
  it.each([
    ['not JSON', 'meetings: none', /not valid JSON/],
    ['an object', '{"meetings": []}', /must be a JSON array/],
  ])('refuses a feed that is %s with a 400 naming the feed', async (_label, text, message) => {
    const attempt = importFeed(db(), clock, text, { timezone: 'UTC', source: 'bad' });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      details: [{ field: 'feed', message: expect.stringMatching(message) }],
    });
  });

  it('refuses an unknown import zone, naming the timezone', async () => {
    await expect(
      importFeed(db(), clock, '[]', { timezone: 'Eastern', source: 'bad' }),
    ).rejects.toMatchObject({ status: 400, details: [{ field: 'timezone' }] });
  });

  const good = {
    name: 'Hope',
    day: 1,
    time: '19:00',
    formatted_address: '1 Main St, Town, DE, USA',
  };
  const broken: unknown[] = [
    { ...good, slug: 'good-1' },
    'not a row',
    { ...good, slug: 'bad-time', time: '25:00' },
    { ...good, slug: 'good-2', group: 'Shared' },
    { ...good, slug: 'long-name', name: 'x'.repeat(201) },
    // PostgreSQL cannot store a NUL character: the database refuses this row.
    { ...good, slug: 'nul', name: 'Bad\u0000Name', group: 'Only for nul' },
    { ...good, slug: 'good-3', group: 'Shared' },
    { ...good, slug: 'no-day', day: 9 },
  ];

  it.each([
    ['one batch', 500],
    ['batches of two', 2],
  ])(
    'imports the good rows and reports each bad one, half-writing nothing (%s)',
    async (_l, batchSize) => {
      const source = `broken-${batchSize}`;
      const result = await importFeed(db(), clock, JSON.stringify(broken), {
        timezone: 'UTC',
        source,
        batchSize,
      });
      expect(result.imported).toBe(3);
      expect(result.skipped.map(({ slug, reason, row }) => ({ slug, reason, row }))).toEqual([
        { slug: null, reason: 'not_an_object', row: 2 },
        { slug: 'bad-time', reason: 'invalid_time', row: 3 },
        { slug: 'no-day', reason: 'invalid_day', row: 8 },
        { slug: 'long-name', reason: 'too_long', row: 5 },
        { slug: 'nul', reason: 'database_error', row: 6 },
      ]);
      expect(result.skipped.find((s) => s.reason === 'too_long')!.message).toBe(
        '"long-name": name has 201 characters; at most 200 are kept.',
      );
      expect(result.skipped.find((s) => s.reason === 'database_error')!.message).toMatch(
        /^"nul" could not be saved: /,
      );
      // The refused row's own group was not left behind.
      const names = (
        await db()
          .select({ name: groups.name })
          .from(groups)
          .where(eq(groups.externalSource, source))
      ).map((g) => g.name);
      expect(names.sort()).toEqual(['Hope', 'Shared']);
      expect(await countRows(source)).toEqual({ meetings: 3, groups: 2 });

      const again = await importFeed(db(), clock, JSON.stringify(broken), {
        timezone: 'UTC',
        source,
        batchSize,
      });
      expect(summary(again)).toMatchObject({ imported: 0, updated: 0, unchanged: 3 });
      expect(again.skipped).toHaveLength(5);
    },
  );
});

describe('dry run and progress', () => {
  it('counts what would change and saves nothing, not even an audit event', async () => {
    const source = 'dry';
    const [{ n: eventsBefore }] = (await db().select({ n: count() }).from(auditEvents)) as [
      { n: number },
    ];
    const result = await importFeed(db(), clock, readSampleFeed('eda.json'), {
      timezone: 'America/New_York',
      source,
      dryRun: true,
      batchSize: 50,
    });
    expect(summary(result)).toEqual({
      imported: 184,
      updated: 0,
      unchanged: 0,
      groupsCreated: 149,
      skipped: { invalid_meeting: 1 },
    });
    expect(result.dryRun).toBe(true);
    expect(await countRows(source)).toEqual({ meetings: 0, groups: 0 });
    const [{ n: eventsAfter }] = (await db().select({ n: count() }).from(auditEvents)) as [
      { n: number },
    ];
    expect(eventsAfter).toBe(eventsBefore);
  });

  it('reports progress from 0 to the total, never going back', async () => {
    const seen: { done: number; total: number }[] = [];
    let changed = 0;
    await importFeed(db(), clock, readSampleFeed('al-anon-ma.json'), {
      timezone: 'America/New_York',
      source: 'progress',
      batchSize: 100,
      onProgress: (p) => seen.push(p),
      onChanged: () => changed++,
    });
    expect(seen[0]).toEqual({ done: 0, total: 360 });
    expect(seen.at(-1)).toEqual({ done: 360, total: 360 });
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(changed).toBe(1);
  });

  it('does not announce a change when nothing changed', async () => {
    let changed = 0;
    await importFeed(db(), clock, readSampleFeed('al-anon-ma.json'), {
      timezone: 'America/New_York',
      source: 'progress',
      onChanged: () => changed++,
    });
    expect(changed).toBe(0);
  });
});

describe('recentWeekday', () => {
  it.each([
    // 2026-03-04T15:00Z is Wednesday in New York and in Tokyo (00:00 Thursday there).
    ['America/New_York', 3, '2026-03-04'],
    ['America/New_York', 4, '2026-02-26'],
    ['America/New_York', 0, '2026-03-01'],
    ['Asia/Tokyo', 4, '2026-03-05'],
    ['Asia/Tokyo', 3, '2026-03-04'],
  ])('in %s, weekday %i → %s', (zone, day, date) => {
    expect(recentWeekday(new Date('2026-03-04T15:00:00Z'), zone, day)).toBe(date);
  });
});

describe('the meeting editor’s rules', () => {
  it('skips a row the editor would refuse, naming the field, and derives attendance as the editor does', async () => {
    const source = 'editor-rules';
    const feed = [
      { slug: 'nowhere', name: 'Nowhere', day: 1, time: '19:00' },
      {
        slug: 'hybrid',
        name: 'Hybrid',
        day: 3,
        time: '19:00',
        address: '1 Main St',
        conference_url: 'https://zoom.us/j/123456789',
      },
    ];
    const result = await importFeed(db(), clock, JSON.stringify(feed), { timezone: 'UTC', source });
    expect(result.imported).toBe(1);
    expect(result.skipped).toEqual([
      expect.objectContaining({
        slug: 'nowhere',
        reason: 'invalid_meeting',
        message: expect.stringContaining('address'),
      }),
    ]);
    const rows = await db().select().from(meetings).where(eq(meetings.externalSource, source));
    expect(rows.map((r) => [r.externalKey, r.attendance])).toEqual([['hybrid', 'hybrid']]);
  });
});
