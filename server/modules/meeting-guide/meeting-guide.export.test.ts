import { describe, expect, it } from 'vitest';
import { MeetingSeries } from '../meetings/recurrence.ts';
import {
  type FeedEntry,
  feedSlugForDay,
  scheduleForFeed,
  toFeedEntry,
  toFeedSlug,
  typesForAttendance,
} from './meeting-guide.export.ts';
import { type FeedMeeting, deriveAttendance, parseFeed } from './meeting-guide.parse.ts';
import { SpecEntry, readSampleFeed } from './meeting-guide.test-helpers.ts';

const FEEDS = [
  ['sussexaa.json', 'America/New_York'],
  ['edmonton-nonconforming.json', 'America/Edmonton'],
  ['al-anon-ma.json', 'America/New_York'],
  ['eda.json', 'America/New_York'],
] as const;

describe('round trip: parse → toFeedEntry → parse', () => {
  it.each(FEEDS)(
    'gives the same meetings for %s, in entries that follow the spec',
    (file, zone) => {
      const first = parseFeed(readSampleFeed(file), { timezone: zone });
      const entries = first.rows.map((row) => toFeedEntry({ ...row, slug: row.key }));

      for (const entry of entries) expect(SpecEntry.safeParse(entry).error).toBeUndefined();
      expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length);

      // The export carries its own timezone on every entry: no import zone needed.
      const second = parseFeed(JSON.stringify(entries));
      expect(second.skipped).toEqual([]);
      expect(second.rows).toEqual(
        first.rows.map((row, index) => {
          const slug = toFeedSlug(row.key);
          return { ...row, slug, key: slug, index };
        }),
      );
    },
  );

  it('keeps the slugs of conforming feeds, and shortens over-long ones stably', () => {
    const eda = parseFeed(readSampleFeed('eda.json'), { timezone: 'America/New_York' });
    const long = eda.rows.filter((r) => r.slug.length > 64);
    expect(long.length).toBeGreaterThan(0);
    for (const row of long) {
      const slug = toFeedSlug(row.slug);
      expect(slug.length).toBeLessThanOrEqual(64);
      expect(slug).toBe(toFeedSlug(row.slug));
      expect(slug.startsWith(row.slug.slice(0, 40))).toBe(true);
    }
    const sussex = parseFeed(readSampleFeed('sussexaa.json'), { timezone: 'America/New_York' });
    for (const row of sussex.rows) expect(toFeedSlug(row.slug)).toBe(row.slug);
  });
});

const online: FeedMeeting = {
  slug: 'newcomers-online',
  name: 'Newcomers Online',
  day: 2,
  time: '19:30',
  durationMinutes: 90,
  timezone: 'America/New_York',
  types: ['O', 'BE'],
  formattedAddress: null,
  approximate: true,
  latitude: null,
  longitude: null,
  location: null,
  locationNotes: null,
  notes: null,
  group: 'Hope Group',
  groupNotes: null,
  regions: [],
  conferenceUrl: 'https://zoom.us/j/123',
  conferenceUrlNotes: 'Password: hope',
  conferencePhone: '+16465588656,,123#',
  conferencePhoneNotes: null,
  attendanceOption: 'online',
  url: 'https://iconocast.test/meetings/newcomers-online',
  updatedAt: new Date('2025-01-02T03:04:05.678Z'),
};

describe('toFeedEntry', () => {
  it('writes an online-only meeting with an approximate area, its zone and its link', () => {
    expect(toFeedEntry(online)).toEqual<FeedEntry>({
      name: 'Newcomers Online',
      slug: 'newcomers-online',
      day: 2,
      time: '19:30',
      end_time: '21:00',
      timezone: 'America/New_York',
      formatted_address: 'New York',
      approximate: 'yes',
      types: ['O', 'BE'],
      group: 'Hope Group',
      conference_url: 'https://zoom.us/j/123',
      conference_url_notes: 'Password: hope',
      conference_phone: '+16465588656,,123#',
      attendance_option: 'online',
      url: 'https://iconocast.test/meetings/newcomers-online',
      updated: '2025-01-02 03:04:05',
    });
  });

  it('uses the regions as the area when there are some', () => {
    const entry = toFeedEntry({ ...online, regions: ['Delaware', 'Rehoboth'] });
    expect(entry.formatted_address).toBe('Rehoboth, Delaware');
    expect(entry.region).toBe('Delaware');
    expect(entry.sub_region).toBe('Rehoboth');
  });

  it('wraps the end time past midnight and caps the name at 255 characters', () => {
    const entry = toFeedEntry({
      ...online,
      time: '23:30',
      durationMinutes: 60,
      name: 'x'.repeat(300),
    });
    expect(entry.end_time).toBe('00:30');
    expect(entry.name).toHaveLength(255);
  });
});

describe('slugs', () => {
  it.each([
    ['hope', 'hope'],
    ['6', '6'],
    ['Hope_Group.2', 'Hope_Group.2'],
  ])('keeps the URL-safe slug %j', (input, slug) => expect(toFeedSlug(input)).toBe(slug));

  it('makes unsafe slugs URL-safe and keeps different ones different', () => {
    const a = toFeedSlug('Café Serenity / Tuesday');
    const b = toFeedSlug('cafe-serenity-tuesday');
    expect(a).toMatch(/^cafe-serenity-tuesday-[0-9a-f]{8}$/);
    expect(b).toBe('cafe-serenity-tuesday');
    expect(toFeedSlug('!!!')).toMatch(/^meeting-[0-9a-f]{8}$/);
    expect(toFeedSlug('a'.repeat(100))).toHaveLength(64);
  });

  it('adds the weekday only for a series with several days', () => {
    expect(feedSlugForDay('hope', 1, 1)).toBe('hope');
    expect(feedSlugForDay('hope', 1, 2)).toBe('hope-monday');
  });
});

describe('scheduleForFeed', () => {
  const base = {
    timezone: 'America/New_York',
    startTime: '19:00',
    durationMinutes: 60,
    startsOn: '2025-01-07',
  };
  it.each([
    [{ kind: 'weekly', days: ['TH', 'MO'] }, [1, 4], null],
    [{ kind: 'weekly', days: ['SU'], interval: 2 }, [0], 'Every 2 weeks from 2025-01-07.'],
    [{ kind: 'monthly', week: 2, day: 'TU' }, [2], '2nd Tuesday of the month.'],
    [{ kind: 'monthly', week: 'last', day: 'TH' }, [4], 'Last Thursday of the month.'],
    [
      { kind: 'course', days: ['WE'], sessions: 6 },
      [3],
      'A course of 6 sessions starting 2025-01-07.',
    ],
    [{ kind: 'once' }, [2], 'Once only, on 2025-01-07.'],
  ] as const)('maps %j to days %j with note %j', (recurrence, days, note) => {
    const series = MeetingSeries.parse({ ...base, recurrence: structuredClone(recurrence) });
    expect(scheduleForFeed(series)).toEqual({ days, note });
  });
});

describe('typesForAttendance', () => {
  it.each([
    ['in_person', false],
    ['hybrid', false],
    ['online', true],
    ['online', false],
    ['inactive', false],
    ['inactive', true],
  ] as const)(
    'lets a consumer derive %s (approximate: %s) from the types',
    (option, approximate) => {
      const types = typesForAttendance(['O', 'ONL', 'TC'], option, approximate);
      expect(types[0]).toBe('O');
      expect(
        deriveAttendance({ types, approximate, conferenceUrl: null, conferencePhone: null }),
      ).toBe(option);
    },
  );
});
