import { describe, expect, it } from 'vitest';
import {
  type ParsedFeed,
  conferenceProvider,
  deriveAttendance,
  parseFeed,
} from './meeting-guide.parse.ts';
import { readSampleFeed } from './meeting-guide.test-helpers.ts';

const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};
const summary = (feed: ParsedFeed) => ({
  fatal: feed.fatal,
  rows: feed.rows.length,
  skipped: countBy(feed.skipped, (s) => s.reason),
  attendance: countBy(feed.rows, (r) => r.attendanceOption),
});

describe('parseFeed on the four real feeds', () => {
  // Counts computed once, checked by hand against the source rows below, then pinned.
  it('reads all 123 Sussex County AA meetings (conforming; site zone America/New_York)', () => {
    const feed = parseFeed(readSampleFeed('sussexaa.json'), { timezone: 'America/New_York' });
    expect(summary(feed)).toEqual({
      fatal: undefined,
      rows: 123,
      skipped: {},
      attendance: { in_person: 94, online: 28, hybrid: 1 },
    });
    expect(feed.rows[0]).toMatchObject({
      key: 'rehoboth-beach-speaker',
      slug: 'rehoboth-beach-speaker',
      name: 'Rehoboth Beach Speaker',
      day: 0,
      time: '19:00',
      durationMinutes: 60,
      timezone: 'America/New_York',
      types: ['O', 'SP'],
      formattedAddress: '18 Olive Ave, Rehoboth Beach, DE 19971, USA',
      approximate: false,
      latitude: 38.7186782,
      regions: ['Rehoboth'],
      group: 'Rehoboth Beach Sunday Group',
      attendanceOption: 'in_person',
      updatedAt: new Date('2022-07-09T19:32:28Z'),
    });
  });

  it('reads all 315 Edmonton meetings despite the non-conforming fields', () => {
    const feed = parseFeed(readSampleFeed('edmonton-nonconforming.json'), {
      timezone: 'America/Edmonton',
    });
    // No attendance_option in this feed: derived from ONL (74 rows) and TC (43 rows):
    // 22 with both → online, 21 TC only → inactive, 52 ONL only at a real address → hybrid.
    expect(summary(feed)).toEqual({
      fatal: undefined,
      rows: 315,
      skipped: {},
      attendance: { in_person: 220, hybrid: 52, online: 22, inactive: 21 },
    });
    const bySlug = new Map(feed.rows.map((r) => [r.slug, r]));
    expect(bySlug.get('6')).toMatchObject({
      day: 6, // from [6]
      time: '11:00', // from "11:00 AM"
      types: ['C'],
      conferenceUrl: null, // from null
      formattedAddress: '8318 104 St, Edmonton, Alberta, T6E 4E8, Canada', // from `address`
      attendanceOption: 'in_person',
      updatedAt: new Date('2022-08-25T11:17:07Z'), // from "8/25/2022 11:17:07 AM"
    });
    expect(bySlug.get('8')).toMatchObject({
      day: 2,
      time: '19:30', // "7:30 PM"
      types: ['ONL', 'C'],
      attendanceOption: 'hybrid',
    });
    expect(bySlug.get('1543')?.types).toEqual([]); // types: [""]
  });

  it('reads all 360 Al-Anon Massachusetts meetings, keeping program-specific codes', () => {
    const feed = parseFeed(readSampleFeed('al-anon-ma.json'), { timezone: 'America/New_York' });
    expect(summary(feed)).toEqual({
      fatal: undefined,
      rows: 360,
      skipped: {},
      attendance: { online: 113, in_person: 156, inactive: 31, hybrid: 60 },
    });
    expect(feed.rows[0]).toMatchObject({
      slug: '25037-par-ents-afg',
      day: 0,
      time: '21:00',
      types: ['O', 'POA', 'ONL'],
      approximate: true,
      conferenceUrl: 'https://zoom.us/j/1234567890',
      attendanceOption: 'online',
    });
    // This directory fills `group` (and `location`) with the district: importers need both.
    expect(feed.rows.every((r) => r.group !== null && r.group === r.district)).toBe(true);
    const codes = new Set(feed.rows.flatMap((r) => r.types));
    expect(codes.has('AC')).toBe(true);
    expect(codes.has('LGBTQIA')).toBe(true);
  });

  it('skips every EDA meeting when neither the rows nor the import give a zone', () => {
    const feed = parseFeed(readSampleFeed('eda.json'));
    expect(summary(feed)).toEqual({
      fatal: undefined,
      rows: 0,
      skipped: { missing_timezone: 185 },
      attendance: {},
    });
    expect(feed.skipped[0]).toEqual({
      slug: 'london-monday-to-friday-daily-readings-starts-march-1st-online-monday',
      index: 0,
      reason: 'missing_timezone',
      message: expect.stringContaining('no timezone'),
    });
  });

  it('reads all 185 EDA meetings with the site zone America/New_York', () => {
    // EDA lists international meetings in its site's zone ("London Daily Readings - 2am
    // Eastern" has time 02:00), so the site zone is the right default for this feed.
    const feed = parseFeed(readSampleFeed('eda.json'), { timezone: 'America/New_York' });
    expect(summary(feed)).toEqual({
      fatal: undefined,
      rows: 185,
      skipped: {},
      attendance: { online: 100, in_person: 70, hybrid: 14, inactive: 1 },
    });
    expect(feed.rows[0]).toMatchObject({
      name: 'London Daily Readings - 2am Eastern - Online',
      day: 1,
      time: '02:00',
      durationMinutes: 45, // end_time 02:45
      timezone: 'America/New_York',
      attendanceOption: 'online',
    });
  });
});

describe('parseFeed on broken input', () => {
  it.each([
    ['not JSON', 'meetings: none', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['an object', '{"meetings": []}', /must be a JSON array of meetings, but it is an object/],
    ['a string', '"hello"', /but it is a string/],
    ['null', 'null', /but it is null/],
  ])('reports a feed that is %s as fatal', (_label, text, message) => {
    const feed = parseFeed(text, { timezone: 'America/New_York' });
    expect(feed.fatal).toMatch(message);
    expect(feed.rows).toEqual([]);
    expect(feed.skipped).toEqual([]);
  });

  it('reports an unknown import zone as fatal', () => {
    expect(parseFeed('[]', { timezone: 'Eastern' }).fatal).toMatch(/"Eastern" is not a known/);
  });

  it('reads an empty array and a byte-order mark', () => {
    expect(parseFeed('\uFEFF[]')).toEqual({ rows: [], skipped: [] });
  });

  const valid = { name: 'Hope', slug: 'hope', day: 1, time: '19:00', timezone: 'America/Chicago' };
  const rows: unknown[] = [
    valid,
    'not a row',
    { ...valid, slug: undefined },
    { ...valid, slug: '  ' },
    { ...valid }, // duplicate of "hope"
    { ...valid, slug: 5, name: null },
    { ...valid, slug: 'bad-day', day: 7 },
    { ...valid, slug: 'no-day', day: undefined },
    { ...valid, slug: 'bad-time', time: '25:00' },
    { ...valid, slug: 'bad-minutes', time: '7:60' },
    { ...valid, slug: 'no-time', time: null },
    { ...valid, slug: 'bad-zone', timezone: 'Mars/Olympus_Mons' },
    { ...valid, slug: 'no-zone', timezone: null },
    {
      slug: 42,
      name: 'Serenity',
      day: ['Monday', 'wed'],
      time: '7:00 PM',
      end_time: '8:30 PM',
      timezone: 'Europe/London',
      types: ['Open', 'Closed', 'Big Book'],
      updated: '8/25/2022 11:17:07 AM',
      conference_url: null,
      conference_phone: null,
      notes: null,
    },
  ];

  it('keeps the good rows and reports each bad row with its reason', () => {
    const feed = parseFeed(JSON.stringify(rows));
    expect(feed.fatal).toBeUndefined();
    expect(feed.skipped.map(({ slug, index, reason }) => ({ slug, index, reason }))).toEqual([
      { slug: null, index: 1, reason: 'not_an_object' },
      { slug: null, index: 2, reason: 'missing_slug' },
      { slug: null, index: 3, reason: 'missing_slug' },
      { slug: 'hope', index: 4, reason: 'duplicate_slug' },
      { slug: '5', index: 5, reason: 'missing_name' },
      { slug: 'bad-day', index: 6, reason: 'invalid_day' },
      { slug: 'no-day', index: 7, reason: 'invalid_day' },
      { slug: 'bad-time', index: 8, reason: 'invalid_time' },
      { slug: 'bad-minutes', index: 9, reason: 'invalid_time' },
      { slug: 'no-time', index: 10, reason: 'invalid_time' },
      { slug: 'bad-zone', index: 11, reason: 'invalid_timezone' },
      { slug: 'no-zone', index: 12, reason: 'missing_timezone' },
    ]);
    expect(feed.skipped.find((s) => s.slug === 'bad-time')?.message).toBe(
      '"bad-time" has time "25:00".',
    );
    expect(feed.rows.map((r) => [r.key, r.slug, r.index, r.day, r.time])).toEqual([
      ['hope', 'hope', 0, 1, '19:00'],
      ['42-monday', '42', 13, 1, '19:00'],
      ['42-wednesday', '42', 13, 3, '19:00'],
    ]);
    expect(feed.rows[1]).toMatchObject({
      durationMinutes: 90,
      timezone: 'Europe/London',
      types: ['C', 'B'],
      updatedAt: new Date('2022-08-25T11:17:07Z'),
      conferenceUrl: null,
      notes: null,
      attendanceOption: 'in_person',
    });
  });

  it('uses the import zone only for rows without one', () => {
    const feed = parseFeed(JSON.stringify(rows), { timezone: 'America/Denver' });
    expect(feed.rows.map((r) => r.timezone)).toEqual([
      'America/Chicago',
      'America/Denver',
      'Europe/London',
      'Europe/London',
    ]);
    expect(feed.skipped.some((s) => s.reason === 'missing_timezone')).toBe(false);
    expect(feed.skipped.some((s) => s.reason === 'invalid_timezone')).toBe(true);
  });

  it('refuses a day list whose per-day keys clash with another slug', () => {
    const feed = parseFeed(
      JSON.stringify([
        { ...valid, slug: 'x-monday' },
        { ...valid, slug: 'x', day: [1, 2] },
      ]),
    );
    expect(feed.rows.map((r) => r.key)).toEqual(['x-monday']);
    expect(feed.skipped.map((s) => s.reason)).toEqual(['duplicate_slug']);
  });

  it('drops unusable optional values instead of the meeting', () => {
    const feed = parseFeed(
      JSON.stringify([
        {
          ...valid,
          end_time: 'late',
          latitude: 'north',
          longitude: 200,
          url: 'javascript:alert(1)',
          conference_url: 'not a url',
          updated: 'yesterday',
          approximate: 'maybe',
          attendance_option: 'sometimes',
          types: 'O,D',
          city: 'Springfield',
          address: '1 Main St',
          state: 'IL',
          postal_code: '62701',
          country: 'US',
          region: 'Downtown',
          sub_region: 'North',
        },
      ]),
    );
    expect(feed.rows[0]).toMatchObject({
      durationMinutes: 60,
      latitude: null,
      longitude: null,
      url: null,
      conferenceUrl: null,
      updatedAt: null,
      approximate: false,
      attendanceOption: 'in_person',
      types: ['O', 'D'],
      formattedAddress: '1 Main St, Springfield, IL 62701, US',
      regions: ['Downtown', 'North'],
    });
  });
});

describe('deriveAttendance', () => {
  const base = { types: [], approximate: false, conferenceUrl: null, conferencePhone: null };
  it.each([
    ['TC + ONL', { types: ['TC', 'ONL'] }, 'online'],
    ['TC alone', { types: ['TC'] }, 'inactive'],
    ['ONL at a real address', { types: ['ONL'] }, 'hybrid'],
    ['ONL at an approximate address', { types: ['ONL'], approximate: true }, 'online'],
    ['nothing', {}, 'in_person'],
    ['nothing at an approximate address', { approximate: true }, 'inactive'],
    ['a Zoom link', { conferenceUrl: 'https://us02web.zoom.us/j/1', approximate: true }, 'online'],
    [
      'a Teams link at a real address',
      { conferenceUrl: 'https://teams.microsoft.com/l/x' },
      'hybrid',
    ],
    [
      'an unknown provider',
      { conferenceUrl: 'https://example.com/room', approximate: true },
      'inactive',
    ],
    ['a 10-digit phone', { conferencePhone: '+1 (646) 558-8656', approximate: true }, 'online'],
    ['a short phone', { conferencePhone: '555-1234', approximate: true }, 'inactive'],
    ['TC + a Meet link', { types: ['TC'], conferenceUrl: 'https://meet.google.com/abc' }, 'online'],
  ] as const)('%s → %s', (_label, change, expected) => {
    expect(
      deriveAttendance({
        ...base,
        ...change,
        types: [...((change as { types?: string[] }).types ?? [])],
      }),
    ).toBe(expected);
  });

  it('matches providers on whole host names', () => {
    expect(conferenceProvider('https://us02web.zoom.us/j/1')).toBe('Zoom');
    expect(conferenceProvider('https://notzoom.us/j/1')).toBeNull();
    expect(conferenceProvider('https://zoom.us.evil.test/j/1')).toBeNull();
    expect(conferenceProvider('nonsense')).toBeNull();
  });
});
