import { describe, expect, it } from 'vitest';
import { occurrencesBetween, type MeetingSeriesInput } from '../meetings/recurrence.ts';
import type { DirectoryMeetingRow } from '../meetings/meetings.directory.service.ts';
import { cityOf, markdownToText, toFinderRecord } from './finder.records.ts';
import { scheduleColumns } from './finder.test-helpers.ts';
import { buildTimeline, expandRecord, nextOccurrenceOf } from './finder.timeline.ts';

const DAY = 86_400_000;

function record(input: MeetingSeriesInput, index = 0) {
  const row: DirectoryMeetingRow = {
    id: `m${index}`,
    slug: `m${index}`,
    name: 'M',
    ...scheduleColumns(input),
    locationName: null,
    address: null,
    latitude: null,
    longitude: null,
    approximate: false,
    types: [],
    regions: [],
    attendance: 'in_person',
    groupId: 'g',
    groupSlug: 'g',
    groupName: 'G',
    groupDescription: '',
    focusAreas: [],
    stage: 'ongoing',
    audience: 'everyone',
    languages: ['en'],
    isOpen: true,
    publicArea: null,
  };
  return toFinderRecord(row, index);
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 2 ** 32;
    return seed / 2 ** 32;
  };
}

/**
 * The fast path expands `input` over 16 days from `from` exactly as occurrencesBetween does,
 * and knows the first occurrence after the window, so the next one is always known.
 */
function expectFastExpansion(input: MeetingSeriesInput, from: number): void {
  const r = record(input);
  const to = from + 16 * DAY;
  const stats = { fast: 0, slow: 0 };
  const fast = expandRecord(r, from, to, stats);
  expect(stats.fast).toBe(1);
  const context = JSON.stringify({ input, from: new Date(from) });
  const expected = occurrencesBetween(r.series!, new Date(from), new Date(to)).map((o) => ({
    start: o.start.getTime(),
    end: o.end.getTime(),
  }));
  expect(
    fast.filter((s) => s.start < to),
    context,
  ).toEqual(expected);
  const after = occurrencesBetween(r.series!, new Date(to), new Date(to + 400 * DAY)).find(
    (o) => o.start.getTime() >= to,
  );
  expect(fast.find((s) => s.start >= to)?.start, context).toBe(after?.start.getTime());
}

describe('the occurrence timeline', () => {
  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Sydney',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'America/St_Johns',
    'UTC',
  ];
  const times = ['00:30', '01:30', '02:30', '07:00', '12:15', '19:00', '23:30'];
  const days = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
  // Windows around the 2026 clock changes (US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct, AU 5 Apr / 4 Oct).
  const windowStarts = [
    '2026-03-05',
    '2026-03-26',
    '2026-04-02',
    '2026-10-01',
    '2026-10-22',
    '2026-10-29',
  ];
  /** A random zone, start time, length, start date and end date; the rule is the caller's. */
  const randomSchedule = (next: () => number, pick: <T>(list: readonly T[]) => T) => {
    const startsOn = pick(['2025-11-13', '2026-02-27', '2026-03-07', '2026-10-27']);
    const endsOn = next() < 0.2 ? pick(['2026-03-10', '2026-04-01', '2026-11-01']) : null;
    return {
      timezone: pick(zones),
      startTime: pick(times),
      durationMinutes: pick([30, 60, 90, 180]),
      startsOn,
      endsOn: endsOn && endsOn >= startsOn ? endsOn : null,
    };
  };

  it('expands weekly series exactly as occurrencesBetween does, across clock changes', () => {
    const next = random(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let n = 0; n < 300; n++) {
      const chosen = days.filter(() => next() < 0.35);
      const input: MeetingSeriesInput = {
        ...randomSchedule(next, pick),
        recurrence: {
          kind: 'weekly',
          days: chosen.length ? chosen : [pick(days)],
          interval: pick([1, 1, 1, 2, 3]),
        },
      };
      expectFastExpansion(
        input,
        Date.parse(`${pick(windowStarts)}T${pick(['00', '09', '17'])}:00:00Z`),
      );
    }
  });

  it('expands monthly and one-off series exactly as occurrencesBetween does', () => {
    const next = random(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    for (let n = 0; n < 200; n++) {
      const input: MeetingSeriesInput = {
        ...randomSchedule(next, pick),
        recurrence:
          next() < 0.8
            ? { kind: 'monthly', week: pick([1, 2, 3, 4, 'last'] as const), day: pick(days) }
            : { kind: 'once' },
      };
      expectFastExpansion(
        input,
        Date.parse(`${pick(windowStarts)}T${pick(['00', '09', '17'])}:00:00Z`),
      );
    }
  });

  it('honours cancelled and moved occurrences through the recurrence library', async () => {
    const r = record({
      timezone: 'Europe/London',
      startTime: '19:00',
      durationMinutes: 60,
      startsOn: '2026-01-01',
      recurrence: { kind: 'weekly', days: ['MO'] },
    });
    r.exceptions = [
      { kind: 'cancelled', occurrenceId: '2026-03-02' },
      { kind: 'moved', occurrenceId: '2026-03-09', date: '2026-03-10', startTime: '18:00' },
    ];
    const timeline = await buildTimeline([r], new Date('2026-03-01T00:00:00Z'));
    const at = (iso: string) => nextOccurrenceOf(timeline, 0, Date.parse(iso));
    expect(at('2026-03-01T00:00:00Z')?.start).toBe(Date.parse('2026-03-10T18:00:00Z'));
    expect(at('2026-03-10T18:30:00Z')?.start).toBe(Date.parse('2026-03-10T18:00:00Z'));
    expect(at('2026-03-10T19:00:00Z')?.start).toBe(Date.parse('2026-03-16T19:00:00Z'));
  });

  it('knows the next monthly or one-off occurrence beyond the window, and none after the end', async () => {
    const monthly = record(
      {
        timezone: 'America/New_York',
        startTime: '20:00',
        durationMinutes: 60,
        startsOn: '2026-01-01',
        recurrence: { kind: 'monthly', week: 1, day: 'MO' },
      },
      0,
    );
    const once = record(
      {
        timezone: 'UTC',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: '2026-02-01',
        recurrence: { kind: 'once' },
      },
      1,
    );
    const timeline = await buildTimeline([monthly, once], new Date('2026-03-03T00:00:00Z'));
    // First Monday of March, 20:00 EST; once it is over, the first Monday of April (EDT).
    expect(nextOccurrenceOf(timeline, 0, Date.parse('2026-03-03T00:00:00Z'))?.start).toBe(
      Date.parse('2026-03-03T01:00:00Z'),
    );
    expect(nextOccurrenceOf(timeline, 0, Date.parse('2026-03-03T02:00:00Z'))?.start).toBe(
      Date.parse('2026-04-07T00:00:00Z'),
    );
    expect(nextOccurrenceOf(timeline, 1, Date.parse('2026-03-03T00:00:00Z'))).toBeNull();
    expect(timeline.lastEnd[1]).toBe(0);
  });
});

describe('finder records', () => {
  it('takes the town from a formatted address', () => {
    expect(cityOf('18 Olive Ave, Rehoboth Beach, DE 19971, USA')).toBe('Rehoboth Beach');
    expect(cityOf('8318 104 St, Edmonton, Alberta, T6E 4E8, Canada')).toBe('Edmonton');
    expect(cityOf('London, UK')).toBe('London');
    expect(cityOf('Philadelphia, PA, USA')).toBe('Philadelphia');
    expect(cityOf(null)).toBeNull();
  });

  it('searches descriptions as plain text', () => {
    expect(markdownToText('A **warm** [welcome](https://x.org) <b>here</b>\n\n# Hi')).toBe(
      'A warm welcome here Hi',
    );
  });
});
