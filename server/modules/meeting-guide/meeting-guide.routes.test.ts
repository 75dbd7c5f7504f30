import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportStreamLine } from '../../../contracts/meeting-guide.ts';
import { buildApp } from '../../app.ts';
import { auditEvents, groups, meetings } from '../../db/schema/index.ts';
import { createTestApp, openTestDatabase, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import type { FeedEntry } from './meeting-guide.export.ts';
import { importFeed } from './meeting-guide.import.ts';
import { SpecEntry, readLikeTsmlUi, readSampleFeed } from './meeting-guide.test-helpers.ts';

let t: TestContext;
let admin: SignedIn;

const FEEDS = [
  ['sussexaa.json', 'America/New_York', 123],
  ['edmonton-nonconforming.json', 'America/Edmonton', 315],
  ['al-anon-ma.json', 'America/New_York', 360],
  // 185 rows; one (approximate address, no way to join online) is refused as the editor would.
  ['eda.json', 'America/New_York', 184],
] as const;
const IMPORTED = 123 + 315 + 360 + 184;

/** Native meetings that test the feed's edges: several days, monthly, ended, closed, online. */
async function addNativeMeetings() {
  const db = t.database.db;
  const [open, closed] = await db
    .insert(groups)
    .values([
      { slug: 'hope-circle', name: 'Hope Circle', description: 'A **warm** group.' },
      { slug: 'members-only', name: 'Members Only', isOpen: false },
    ])
    .returning();
  const base = {
    groupId: open!.id,
    timezone: 'Europe/London',
    startTime: '18:30',
    durationMinutes: 90,
    startsOn: '2026-01-05',
    types: ['O'],
    updatedAt: new Date('2026-02-01T10:00:00Z'),
  };
  await db.insert(meetings).values([
    {
      ...base,
      slug: 'twice-weekly',
      name: 'Twice Weekly',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
      address: '5 High St, Lewes BN7 2AD, UK',
      locationName: 'Quaker House',
      attendance: 'in_person',
    },
    {
      ...base,
      slug: 'first-tuesday',
      name: 'First Tuesday',
      rrule: 'FREQ=MONTHLY;BYDAY=1TU',
      conferenceUrl: 'https://meet.jit.si/first-tuesday',
      regions: ['Sussex', 'Lewes'],
      attendance: 'online',
    },
    {
      ...base,
      slug: 'online-only',
      name: 'Online Only',
      rrule: 'FREQ=WEEKLY;BYDAY=SA',
      conferencePhone: '+441234567890',
      attendance: 'online',
    },
    {
      ...base,
      slug: 'ended',
      name: 'Ended',
      rrule: 'FREQ=WEEKLY;BYDAY=SU;UNTIL=20260201T235959',
      endsOn: '2026-02-01',
      address: '5 High St, Lewes BN7 2AD, UK',
    },
    {
      ...base,
      slug: 'secret-place',
      groupId: closed!.id,
      name: 'Secret Place',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      address: '9 Private Rd, Lewes, UK',
    },
  ]);
}

async function getFeed(headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: '/api/meeting-guide.json', headers });
}

beforeAll(async () => {
  t = await createTestApp();
  for (const [file, zone] of FEEDS) {
    await importFeed(t.database.db, t.clock, readSampleFeed(file), {
      timezone: zone,
      source: file,
      onChanged: () => t.app.directoryEvents.changed(),
    });
  }
  await addNativeMeetings();
  t.app.directoryEvents.changed();
}, 60_000);
afterAll(() => t.close());

describe('GET /api/meeting-guide.json', () => {
  it('lists every public meeting, one entry per day, each following the spec', async () => {
    const res = await getFeed();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const entries = res.json() as FeedEntry[];
    for (const entry of entries) {
      const problem = SpecEntry.safeParse(entry).error;
      expect(problem, `${entry.slug}: ${problem?.message}`).toBeUndefined();
    }
    expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length);
    // 983 imported + Twice Weekly (2 days) + First Tuesday + Online Only; not Ended, not closed.
    expect(entries).toHaveLength(IMPORTED + 4);
    const bySlug = new Map(entries.map((e) => [e.slug, e]));
    expect(bySlug.has('ended')).toBe(false);
    expect(bySlug.has('secret-place')).toBe(false);
    expect([...bySlug.keys()].filter((s) => s.startsWith('twice-weekly'))).toEqual([
      'twice-weekly-monday',
      'twice-weekly-thursday',
    ]);
    expect(bySlug.get('twice-weekly-thursday')).toMatchObject({
      day: 4,
      time: '18:30',
      end_time: '20:00',
      timezone: 'Europe/London',
      location: 'Quaker House',
      approximate: 'no',
      group: 'Hope Circle',
      group_notes: 'A **warm** group.',
      attendance_option: 'in_person',
      updated: '2026-02-01 10:00:00',
      url: `${t.config.publicUrl}/meetings/twice-weekly`,
    });
    expect(bySlug.get('first-tuesday')).toMatchObject({
      day: 2,
      notes: '1st Tuesday of the month.',
      formatted_address: 'Lewes, Sussex',
      approximate: 'yes',
      types: ['O', 'ONL'],
      conference_url: 'https://meet.jit.si/first-tuesday',
      attendance_option: 'online',
    });
    expect(bySlug.get('online-only')).toMatchObject({
      formatted_address: 'London',
      approximate: 'yes',
      conference_phone: '+441234567890',
    });
    expect(bySlug.get('rehoboth-beach-speaker')).toMatchObject({
      name: 'Rehoboth Beach Speaker',
      day: 0,
      time: '19:00',
      timezone: 'America/New_York',
      group: 'Rehoboth Beach Sunday Group',
    });
  });

  it('is read in full by a TSML UI-like finder: every public meeting shows', async () => {
    const entries = (await getFeed()).json() as FeedEntry[];
    const { meetings: shown, warnings } = readLikeTsmlUi(entries);
    expect(warnings).toEqual([]);
    expect(shown.size).toBe(entries.length);
    const [{ n: publicMeetings }] = (await t.database.db
      .select({ n: count() })
      .from(meetings)
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(eq(groups.isOpen, true))) as [{ n: number }];
    // Every public meeting but the one that ended has a page link in the feed.
    expect(new Set(entries.map((e) => e.url)).size).toBe(publicMeetings - 1);
  });

  it('is public and cacheable: CORS for any site, ETag, 304 when unchanged', async () => {
    const res = await getFeed({ origin: 'https://intergroup.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{32}"$/);

    const again = await getFeed({ 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['access-control-allow-origin']).toBe('*');
    expect((await getFeed({ 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await getFeed({ 'if-none-match': '"other"' })).statusCode).toBe(200);

    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/meeting-guide.json',
      headers: { origin: 'https://intergroup.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it('is sent brotli- or gzip-compressed as Accept-Encoding asks, the same JSON once decoded', async () => {
    const plain = await getFeed();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync } as const;
    const cases = [
      ['br', 'gzip, deflate, br'],
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip', 'br;q=0.5, gzip'],
      [undefined, 'identity'],
      [undefined, 'br;q=0, gzip;q=0'],
    ] as const;
    for (const [encoding, acceptEncoding] of cases) {
      const res = await getFeed({ 'accept-encoding': acceptEncoding });
      expect(res.statusCode, acceptEncoding).toBe(200);
      expect(res.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      if (!encoding) {
        expect(res.body).toBe(plain.body);
        expect(res.headers.etag).toBe(plain.headers.etag);
        continue;
      }
      const decoded = decoders[encoding](res.rawPayload).toString('utf8');
      expect(decoded).toBe(plain.body);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      // Its own representation: its own ETag, and a 304 for it.
      const etag = res.headers.etag as string;
      expect(etag).toBe(`${(plain.headers.etag as string).slice(0, -1)}-${encoding}"`);
      const again = await getFeed({ 'accept-encoding': acceptEncoding, 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers.vary).toBe('Accept-Encoding');
    }
  });

  it('answers HEAD with the headers of each encoding and no body', async () => {
    for (const acceptEncoding of ['br', 'gzip', undefined]) {
      const get = await getFeed(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      const head = await t.app.inject({
        method: 'HEAD',
        url: '/api/meeting-guide.json',
        headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers.etag).toBe(get.headers.etag);
      expect(head.headers['content-encoding']).toBe(acceptEncoding);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
    }
  });

  it('keeps the body until the directory changes, then rebuilds it', async () => {
    const first = await getFeed();
    await t.database.db
      .update(meetings)
      .set({ name: 'Twice Weekly (renamed)' })
      .where(eq(meetings.slug, 'twice-weekly'));
    const cached = await getFeed();
    expect(cached.headers.etag).toBe(first.headers.etag);

    t.app.directoryEvents.changed();
    const fresh = await getFeed();
    expect(fresh.headers.etag).not.toBe(first.headers.etag);
    const renamed = (fresh.json() as FeedEntry[]).find((e) => e.slug === 'twice-weekly-monday');
    expect(renamed?.name).toBe('Twice Weekly (renamed)');
  });

  it('drops a series from the feed once it ends, within five minutes', async () => {
    await t.database.db
      .update(meetings)
      .set({ endsOn: '2026-03-01', rrule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20260301T235959' })
      .where(eq(meetings.slug, 'online-only'));
    t.clock.set('2026-03-01T23:58:00Z'); // London is on GMT: the last day of the series
    t.app.directoryEvents.changed();
    const lastDay = await getFeed();
    expect(lastDay.json()).toContainEqual(expect.objectContaining({ slug: 'online-only' }));
    t.clock.advance(3 * 60_000); // 00:01 on 2 March: ended, but the body is 3 minutes old
    expect((await getFeed()).headers.etag).toBe(lastDay.headers.etag);
    t.clock.advance(3 * 60_000);
    const rebuilt = (await getFeed()).json() as FeedEntry[];
    expect(rebuilt.find((e) => e.slug === 'online-only')).toBeUndefined();
  });

  it('gives the same body and slugs after a restart', async () => {
    const before = await getFeed();
    const restarted = await buildApp({ ...t.app.deps });
    try {
      const after = await restarted.inject({ method: 'GET', url: '/api/meeting-guide.json' });
      expect(after.body).toBe(before.body);
      expect(after.headers.etag).toBe(before.headers.etag);
    } finally {
      await restarted.close();
    }
  });
});

describe('round trip: import → GET /api/meeting-guide.json → import', () => {
  it('gives the same meetings in a fresh database', async () => {
    const body = (await getFeed()).body;
    const { database: fresh, drop } = await openTestDatabase();
    try {
      const result = await importFeed(fresh.db, t.clock, body, {
        timezone: 'UTC',
        source: 'https://iconocast.example/api/meeting-guide.json',
      });
      expect(result.skipped).toEqual([]);
      expect(result.imported).toBe(IMPORTED + 3);

      const sources = FEEDS.map(([file]) => file);
      const original = await normalizedMeetings(
        t.database.db,
        inArray(meetings.externalSource, [...sources]),
      );
      const copy = await normalizedMeetings(fresh.db);
      expect(original.size).toBe(IMPORTED);
      for (const [slug, meeting] of original) expect(copy.get(slug), slug).toEqual(meeting);
    } finally {
      await fresh.close();
      await drop();
    }
  }, 30_000);
});

/**
 * Meetings by slug, in the fields a feed carries; ONL/TC only say what `attendance` says.
 * (`startsOn` is the import date's weekday: the clock has moved on since the first import.)
 */
async function normalizedMeetings(
  db: TestContext['database']['db'],
  where?: ReturnType<typeof inArray>,
) {
  const rows = await db
    .select({ meeting: meetings, group: groups.name })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .where(where);
  return new Map(
    rows.map(({ meeting: m, group }) => [
      m.slug,
      {
        group,
        name: m.name,
        timezone: m.timezone,
        startTime: m.startTime,
        durationMinutes: m.durationMinutes,
        rrule: m.rrule,
        endsOn: m.endsOn,
        locationName: m.locationName,
        address: m.address,
        latitude: m.latitude,
        longitude: m.longitude,
        approximate: m.approximate,
        conferenceUrl: m.conferenceUrl,
        conferenceUrlNotes: m.conferenceUrlNotes,
        conferencePhone: m.conferencePhone,
        conferencePhoneNotes: m.conferencePhoneNotes,
        types: m.types.filter((x) => x !== 'ONL' && x !== 'TC').sort(),
        notes: m.notes,
        locationNotes: m.locationNotes,
        regions: m.regions,
        attendance: m.attendance,
      },
    ]),
  );
}

describe('POST /api/admin/meeting-guide/import', () => {
  const url = '/api/admin/meeting-guide/import';
  // Signed in here: the clock moved on a day in the tests above.
  beforeAll(async () => {
    admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
  });
  const upload = (who: SignedIn, body: Record<string, unknown>) =>
    who.request({ method: 'POST', url, payload: body });
  const lines = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((line) => ImportStreamLine.parse(JSON.parse(line)));

  it('is for admins with two-factor on', async () => {
    const body = { timezone: 'UTC', source: 'x', feed: '[]' };
    expect((await t.app.inject({ method: 'POST', url, payload: body })).statusCode).toBe(401);
    const member = await createSignedIn(t);
    expect((await upload(member, body)).statusCode).toBe(403);
    const facilitator = await createSignedIn(t, {
      role: 'facilitator',
      totpEnabledAt: t.clock.now(),
    });
    expect((await upload(facilitator, body)).statusCode).toBe(403);
    const noTwoFactor = await createSignedIn(t, { role: 'admin' });
    const res = await upload(noTwoFactor, body);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('two_factor_required');
  });

  it.each([
    [{ timezone: 'Mars/Base', source: 'x', feed: '[]' }, 'body.timezone'],
    [{ timezone: 'UTC', source: 'x', feed: 'not json' }, 'body.feed'],
    [{ timezone: 'UTC', source: 'x', feed: '{"a":1}' }, 'body.feed'],
    [{ timezone: 'UTC', source: '  ', feed: '[]' }, 'body.source'],
    [{ timezone: 'UTC', feed: '[]' }, 'body.source'],
    [{ timezone: 'UTC', source: 'x', feed: '[]', extra: 1 }, 'body.extra'],
  ])('answers a 400 naming the field for %j', async (body, field) => {
    const res = await upload(admin, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('streams progress lines, then the result, for a dry run that saves nothing', async () => {
    const feed = readSampleFeed('al-anon-ma.json'); // 460 KB: over the default body limit
    const res = await upload(admin, {
      timezone: 'America/New_York',
      source: 'upload-dry',
      dryRun: true,
      feed,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const all = lines(res.body);
    expect(all[0]).toEqual({ type: 'progress', done: 0, total: 360 });
    expect(all.at(-2)).toEqual({ type: 'progress', done: 360, total: 360 });
    expect(all.at(-1)).toEqual({
      type: 'result',
      result: {
        imported: 360,
        updated: 0,
        unchanged: 0,
        groupsCreated: 351,
        skipped: [],
        dryRun: true,
      },
    });
    const [{ n }] = (await t.database.db
      .select({ n: count() })
      .from(meetings)
      .where(eq(meetings.externalSource, 'upload-dry'))) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('imports, reports bad rows, audits the admin and updates the public feed', async () => {
    let changes = 0;
    const stop = t.app.directoryEvents.onChange(() => changes++);
    const feed = JSON.stringify([
      {
        slug: 'uploaded',
        name: 'Uploaded Meeting',
        day: 'Tuesday',
        time: '7:00 PM',
        formatted_address: '2 Market St, Lewes, UK',
        group: 'Uploaded Group',
      },
      { slug: 'broken', name: 'Broken', day: 2, time: '25:00' },
    ]);
    const res = await upload(admin, { timezone: 'Europe/London', source: 'upload', feed });
    stop();
    const result = lines(res.body).at(-1);
    expect(result).toEqual({
      type: 'result',
      result: {
        imported: 1,
        updated: 0,
        unchanged: 0,
        groupsCreated: 1,
        skipped: [
          {
            slug: 'broken',
            reason: 'invalid_time',
            message: '"broken" has time "25:00".',
            row: 2,
          },
        ],
        dryRun: false,
      },
    });
    expect(changes).toBe(1);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorId, admin.user.id));
    expect(event).toMatchObject({
      action: 'meetings.imported',
      meta: { source: 'upload', via: 'upload', imported: 1, skipped: 1 },
    });
    const entries = (await getFeed()).json() as FeedEntry[];
    expect(entries.find((e) => e.slug === 'uploaded')).toMatchObject({
      day: 2,
      time: '19:00',
      timezone: 'Europe/London',
      group: 'Uploaded Group',
    });
  });
});
