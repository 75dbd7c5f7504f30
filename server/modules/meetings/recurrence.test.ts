import { describe, expect, it } from 'vitest';
import {
  MeetingSeries,
  type OccurrenceException,
  addMinutesToTime,
  describeIssues,
  firstOccurrenceId,
  formatForViewer,
  fromRRule,
  isOccurrence,
  nextOccurrences,
  occurrencesBetween,
  timeOfDay,
  toRRule,
} from './recurrence.ts';
import { series } from './recurrence.test-helpers.ts';
import { instantToLocal, isValidTimeZone } from './time-zones.ts';

const utc = (iso: string) => new Date(iso);
const starts = (s: MeetingSeries, from: string, to: string, ex: OccurrenceException[] = []) =>
  occurrencesBetween(s, utc(from), utc(to), ex).map((o) => o.start.toISOString());
const ids = (s: MeetingSeries, from: string, to: string, ex: OccurrenceException[] = []) =>
  occurrencesBetween(s, utc(from), utc(to), ex).map((o) => o.occurrenceId);

describe('occurrencesBetween across DST changes', () => {
  it('keeps a 19:00 New York meeting at 19:00 local across the March change', () => {
    const s = series({ startsOn: '2025-01-06' });
    const got = occurrencesBetween(s, utc('2025-03-01T00:00Z'), utc('2025-03-20T00:00Z'));
    expect(got.map((o) => o.start.toISOString())).toEqual([
      '2025-03-04T00:00:00.000Z', // Mon 3 Mar 19:00 EST (UTC−5)
      '2025-03-10T23:00:00.000Z', // Mon 10 Mar 19:00 EDT (UTC−4), the day after the change
      '2025-03-17T23:00:00.000Z',
    ]);
    expect(got.map((o) => o.occurrenceId)).toEqual(['2025-03-03', '2025-03-10', '2025-03-17']);
    for (const o of got) expect(instantToLocal(o.start, 'America/New_York').time).toBe('19:00');
    for (const o of got) expect(o.end.getTime() - o.start.getTime()).toBe(3_600_000);
  });

  it('keeps a 19:00 New York meeting at 19:00 local across the November change', () => {
    const s = series({ startsOn: '2025-01-06' });
    expect(starts(s, '2025-10-25T00:00Z', '2025-11-12T00:00Z')).toEqual([
      '2025-10-27T23:00:00.000Z', // EDT
      '2025-11-04T00:00:00.000Z', // Mon 3 Nov, EST after the 2 Nov change
      '2025-11-11T00:00:00.000Z',
    ]);
  });

  it('keeps a London meeting at 10:00 local across the last Sundays of March and October', () => {
    const s = series({
      timezone: 'Europe/London',
      startTime: '10:00',
      recurrence: { kind: 'weekly', days: ['SU'] },
    });
    expect(starts(s, '2025-03-20T00:00Z', '2025-04-07T00:00Z')).toEqual([
      '2025-03-23T10:00:00.000Z', // GMT
      '2025-03-30T09:00:00.000Z', // BST from 01:00 UTC that morning
      '2025-04-06T09:00:00.000Z',
    ]);
    expect(starts(s, '2025-10-15T00:00Z', '2025-11-03T00:00Z')).toEqual([
      '2025-10-19T09:00:00.000Z',
      '2025-10-26T10:00:00.000Z', // back to GMT that morning
      '2025-11-02T10:00:00.000Z',
    ]);
  });

  it('moves a 02:30 meeting on the spring-forward day to 03:30 local (the hour does not exist)', () => {
    const s = series({ startTime: '02:30', recurrence: { kind: 'weekly', days: ['SU'] } });
    const [o] = occurrencesBetween(s, utc('2025-03-09T00:00Z'), utc('2025-03-10T00:00Z'));
    expect(o?.occurrenceId).toBe('2025-03-09');
    expect(o?.start.toISOString()).toBe('2025-03-09T07:30:00.000Z');
    expect(instantToLocal(o!.start, 'America/New_York').time).toBe('03:30');
  });

  it('takes the first 01:30 on the fall-back day (daylight time)', () => {
    const s = series({ startTime: '01:30', recurrence: { kind: 'weekly', days: ['SU'] } });
    expect(starts(s, '2025-11-02T00:00Z', '2025-11-03T00:00Z')).toEqual([
      '2025-11-02T05:30:00.000Z',
    ]);
  });
});

describe('occurrencesBetween near midnight', () => {
  it('gives a 00:30 Berlin meeting the local date as id, though it starts the day before in UTC', () => {
    const s = series({
      timezone: 'Europe/Berlin',
      startTime: '00:30',
      recurrence: { kind: 'weekly', days: ['MO'] },
    });
    const got = occurrencesBetween(s, utc('2025-01-05T00:00Z'), utc('2025-01-14T00:00Z'));
    expect(got.map((o) => [o.occurrenceId, o.start.toISOString()])).toEqual([
      ['2025-01-06', '2025-01-05T23:30:00.000Z'],
      ['2025-01-13', '2025-01-12T23:30:00.000Z'],
    ]);
  });

  it('gives a 23:30 New York meeting the local date as id, though it starts the next day in UTC', () => {
    const s = series({ startTime: '23:30', recurrence: { kind: 'weekly', days: ['FR'] } });
    const got = occurrencesBetween(s, utc('2025-01-01T00:00Z'), utc('2025-01-12T00:00Z'));
    expect(got.map((o) => [o.occurrenceId, o.start.toISOString()])).toEqual([
      ['2025-01-03', '2025-01-04T04:30:00.000Z'],
      ['2025-01-10', '2025-01-11T04:30:00.000Z'],
    ]);
  });

  it('includes an occurrence already in progress at the window start', () => {
    const s = series({ startTime: '23:30', recurrence: { kind: 'weekly', days: ['FR'] } });
    expect(ids(s, '2025-01-04T05:00Z', '2025-01-04T05:01Z')).toEqual(['2025-01-03']);
    expect(ids(s, '2025-01-04T05:30Z', '2025-01-04T06:00Z')).toEqual([]);
  });
});

describe('recurrence kinds', () => {
  const year2025 = ['2025-01-01T00:00Z', '2026-01-01T00:00Z'] as const;

  it('expands the 2nd Tuesday of every month over a year', () => {
    const s = series({ recurrence: { kind: 'monthly', week: 2, day: 'TU' } });
    expect(ids(s, ...year2025)).toEqual([
      '2025-01-14',
      '2025-02-11',
      '2025-03-11',
      '2025-04-08',
      '2025-05-13',
      '2025-06-10',
      '2025-07-08',
      '2025-08-12',
      '2025-09-09',
      '2025-10-14',
      '2025-11-11',
      '2025-12-09',
    ]);
  });

  it('expands the last Thursday of every month over a year, five-Thursday months included', () => {
    const s = series({ recurrence: { kind: 'monthly', week: 'last', day: 'TH' } });
    expect(ids(s, ...year2025)).toEqual([
      '2025-01-30',
      '2025-02-27',
      '2025-03-27',
      '2025-04-24',
      '2025-05-29',
      '2025-06-26',
      '2025-07-31',
      '2025-08-28',
      '2025-09-25',
      '2025-10-30',
      '2025-11-27',
      '2025-12-25',
    ]);
  });

  it('meets every 2 weeks, counting weeks from the start date', () => {
    const s = series({
      startsOn: '2025-01-02',
      recurrence: { kind: 'weekly', days: ['TH'], interval: 2 },
    });
    expect(ids(s, '2025-01-01T00:00Z', '2025-02-20T00:00Z')).toEqual([
      '2025-01-02',
      '2025-01-16',
      '2025-01-30',
      '2025-02-13',
    ]);
  });

  it('meets on several weekdays', () => {
    const s = series({
      startsOn: '2025-01-01',
      recurrence: { kind: 'weekly', days: ['TH', 'MO'] },
    });
    expect(ids(s, '2025-01-01T00:00Z', '2025-01-15T00:00Z')).toEqual([
      '2025-01-02',
      '2025-01-06',
      '2025-01-09',
      '2025-01-13',
    ]);
  });

  it('ends a course after its 6 sessions', () => {
    const s = series({
      startsOn: '2025-01-06',
      recurrence: { kind: 'course', days: ['MO', 'WE'], sessions: 6 },
    });
    expect(ids(s, ...year2025)).toEqual([
      '2025-01-06',
      '2025-01-08',
      '2025-01-13',
      '2025-01-15',
      '2025-01-20',
      '2025-01-22',
    ]);
  });

  it('counts course sessions from the first matching day, not the start date', () => {
    const s = series({
      startsOn: '2025-01-01', // a Wednesday
      recurrence: { kind: 'course', days: ['FR'], sessions: 2 },
    });
    expect(ids(s, ...year2025)).toEqual(['2025-01-03', '2025-01-10']);
    expect(firstOccurrenceId(s)).toBe('2025-01-03');
  });

  it('meets once', () => {
    const s = series({ startsOn: '2025-05-05', recurrence: { kind: 'once' } });
    expect(ids(s, ...year2025)).toEqual(['2025-05-05']);
  });

  it('stops after endsOn, which is inclusive', () => {
    const s = series({ startsOn: '2025-01-06', endsOn: '2025-01-20' });
    expect(ids(s, ...year2025)).toEqual(['2025-01-06', '2025-01-13', '2025-01-20']);
  });

  it('does not start before startsOn', () => {
    const s = series({ startsOn: '2025-01-07' });
    expect(ids(s, '2025-01-01T00:00Z', '2025-01-15T00:00Z')).toEqual(['2025-01-13']);
  });
});

describe('exceptions', () => {
  const s = series({ startsOn: '2025-01-06' });

  it('marks a cancelled occurrence and keeps the others', () => {
    const got = occurrencesBetween(s, utc('2025-01-01T00:00Z'), utc('2025-01-22T00:00Z'), [
      { kind: 'cancelled', occurrenceId: '2025-01-13' },
    ]);
    expect(got.map((o) => [o.occurrenceId, o.cancelled ?? false])).toEqual([
      ['2025-01-06', false],
      ['2025-01-13', true],
      ['2025-01-20', false],
    ]);
  });

  it('shows a moved occurrence at its new time and keeps its id', () => {
    const got = occurrencesBetween(s, utc('2025-01-01T00:00Z'), utc('2025-01-22T00:00Z'), [
      { kind: 'moved', occurrenceId: '2025-01-13', date: '2025-01-14', startTime: '18:00' },
    ]);
    expect(got.map((o) => [o.occurrenceId, o.start.toISOString(), o.moved ?? false])).toEqual([
      ['2025-01-06', '2025-01-07T00:00:00.000Z', false],
      ['2025-01-13', '2025-01-14T23:00:00.000Z', true],
      ['2025-01-20', '2025-01-21T00:00:00.000Z', false],
    ]);
    expect(got[1]?.originalStart?.toISOString()).toBe('2025-01-14T00:00:00.000Z');
  });

  it('finds an occurrence moved into the window from outside it, and drops one moved out', () => {
    const moves: OccurrenceException[] = [
      { kind: 'moved', occurrenceId: '2025-02-03', date: '2025-01-15', startTime: '12:00' },
      { kind: 'moved', occurrenceId: '2025-01-13', date: '2025-03-01', startTime: '12:00' },
    ];
    expect(ids(s, '2025-01-10T00:00Z', '2025-01-20T00:00Z', moves)).toEqual(['2025-02-03']);
  });

  it('ignores exceptions for dates that are not occurrences', () => {
    expect(isOccurrence(s, '2025-01-14')).toBe(false);
    expect(isOccurrence(s, '2025-01-13')).toBe(true);
    expect(isOccurrence(s, 'nonsense')).toBe(false);
    const got = ids(s, '2025-01-01T00:00Z', '2025-01-22T00:00Z', [
      { kind: 'moved', occurrenceId: '2025-01-14', date: '2025-01-15', startTime: '12:00' },
    ]);
    expect(got).toEqual(['2025-01-06', '2025-01-13', '2025-01-20']);
  });
});

describe('nextOccurrences', () => {
  it('lists the next sessions, the one in progress first, cancelled ones flagged', () => {
    const s = series({ startsOn: '2025-01-06' });
    const got = nextOccurrences(s, utc('2025-01-14T00:30Z'), 3, [
      { kind: 'cancelled', occurrenceId: '2025-01-20' },
    ]);
    expect(got.map((o) => [o.occurrenceId, o.cancelled ?? false])).toEqual([
      ['2025-01-13', false], // 19:00–20:00 New York, in progress at 19:30
      ['2025-01-20', true],
      ['2025-01-27', false],
    ]);
  });

  it('finds a monthly meeting months ahead and stops when a course ends', () => {
    const monthly = series({ recurrence: { kind: 'monthly', week: 'last', day: 'TH' } });
    expect(nextOccurrences(monthly, utc('2025-01-01T00:00Z'), 12).at(-1)?.occurrenceId).toBe(
      '2025-12-25',
    );
    const course = series({
      startsOn: '2025-01-06',
      recurrence: { kind: 'course', days: ['MO'], sessions: 2 },
    });
    expect(nextOccurrences(course, utc('2025-01-01T00:00Z'), 5).map((o) => o.occurrenceId)).toEqual(
      ['2025-01-06', '2025-01-13'],
    );
  });
});

describe('toRRule', () => {
  it.each([
    [{ kind: 'weekly', days: ['TH', 'MO'] }, 'FREQ=WEEKLY;BYDAY=MO,TH'],
    [{ kind: 'weekly', days: ['SU'], interval: 2 }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;WKST=MO'],
    [{ kind: 'monthly', week: 'last', day: 'TH' }, 'FREQ=MONTHLY;BYDAY=-1TH'],
    [{ kind: 'monthly', week: 2, day: 'TU' }, 'FREQ=MONTHLY;BYDAY=2TU'],
    [{ kind: 'course', days: ['WE'], sessions: 6 }, 'FREQ=WEEKLY;BYDAY=WE;COUNT=6'],
    [{ kind: 'once' }, 'FREQ=DAILY;COUNT=1'],
  ] as const)('writes %j as %s', (recurrence, expected) => {
    expect(toRRule(series({ recurrence: structuredClone(recurrence) as never }))).toBe(expected);
  });

  it.each([
    [{ kind: 'weekly', days: ['MO', 'TH'], interval: 1 }, null],
    [{ kind: 'weekly', days: ['SU'], interval: 3 }, '2025-06-30'],
    [{ kind: 'monthly', week: 'last', day: 'TH' }, '2025-12-31'],
    [{ kind: 'monthly', week: 1, day: 'SA' }, null],
    [{ kind: 'course', days: ['TU', 'WE'], sessions: 8 }, null],
    [{ kind: 'once' }, null],
  ] as const)('reads %j (ends %s) back with fromRRule', (recurrence, endsOn) => {
    const s = series({ recurrence: structuredClone(recurrence) as never, endsOn });
    expect(fromRRule(toRRule(s))).toEqual({ recurrence, endsOn });
  });

  it.each([
    'FREQ=YEARLY',
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;BYDAY=XX',
    'FREQ=MONTHLY;BYDAY=5TU',
    'FREQ=MONTHLY;BYDAY=2TU,3TU',
    'FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630T235959Z',
    'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9',
    'FREQ=WEEKLY;BYDAY=MO;FREQ=DAILY',
    'FREQ=DAILY;COUNT=2',
    '',
  ])('refuses a rule it did not write: %j', (body) => {
    expect(fromRRule(body)).toBeNull();
  });

  it('writes UNTIL as floating local time, or as UTC for calendars with a TZID', () => {
    const s = series({ endsOn: '2025-06-30' });
    expect(toRRule(s)).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630T235959');
    expect(toRRule(s, { untilUtc: true })).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20250701T035959Z');
  });
});

describe('formatForViewer', () => {
  const instant = utc('2025-01-07T00:00Z'); // Mon 6 Jan 19:00 in New York

  it('shows a Tokyo viewer their own time and the meeting’s zone', () => {
    const shown = formatForViewer(instant, 'America/New_York', 'Asia/Tokyo', 'en-GB');
    expect(shown.viewer).toMatch(/Tue/);
    expect(shown.viewer).toMatch(/09:00/);
    expect(shown.viewer).toMatch(/GMT\+9/);
    expect(shown.meeting).toMatch(/Mon/);
    expect(shown.meeting).toMatch(/19:00/);
    expect(shown.meeting).toMatch(/EST|GMT-5/);
  });

  it('omits the meeting time when both zones read the same', () => {
    expect(formatForViewer(instant, 'America/New_York', 'America/Detroit', 'en-US').meeting).toBe(
      null,
    );
    expect(formatForViewer(instant, 'America/New_York', 'America/New_York', 'en-US')).toEqual({
      viewer: expect.stringMatching(/7:00\sPM/),
      meeting: null,
    });
  });

  it('shows both when the zones differ only in summer', () => {
    const summer = utc('2025-07-07T18:00Z');
    expect(formatForViewer(summer, 'Europe/London', 'Africa/Abidjan', 'en-GB').meeting).toMatch(
      /19:00/,
    );
    expect(formatForViewer(instant, 'Europe/London', 'Africa/Abidjan', 'en-GB').meeting).toBe(null);
  });
});

describe('timeOfDay', () => {
  it.each([
    ['04:00', 'morning'],
    ['11:59', 'morning'],
    ['12:00', 'midday'],
    ['16:59', 'midday'],
    ['17:00', 'evening'],
    ['20:59', 'evening'],
    ['21:00', 'night'],
    ['00:30', 'night'],
    ['03:59', 'night'],
  ])('puts %s in the %s', (time, band) => {
    expect(timeOfDay(time)).toBe(band);
  });

  it('rejects a time that is not HH:MM', () => {
    expect(() => timeOfDay('25:00')).toThrow();
  });
});

describe('addMinutesToTime', () => {
  it('wraps past midnight', () => {
    expect(addMinutesToTime('23:30', 90)).toBe('01:00');
    expect(addMinutesToTime('19:00', 60)).toBe('20:00');
  });
});

describe('MeetingSeries validation', () => {
  const valid = {
    timezone: 'America/New_York',
    startTime: '19:00',
    durationMinutes: 60,
    startsOn: '2025-01-01',
    recurrence: { kind: 'weekly', days: ['MO'] },
  };
  const fieldsOf = (input: unknown) => {
    const result = MeetingSeries.safeParse(input);
    expect(result.success).toBe(false);
    return result.success ? [] : describeIssues(result.error).map((i) => i.field);
  };

  it('accepts a valid series and defaults the interval to 1', () => {
    const parsed = MeetingSeries.parse(valid);
    expect(parsed.recurrence).toEqual({ kind: 'weekly', days: ['MO'], interval: 1 });
  });

  it.each([
    [
      'interval 0',
      { recurrence: { kind: 'weekly', days: ['MO'], interval: 0 } },
      'recurrence.interval',
    ],
    ['nth 5', { recurrence: { kind: 'monthly', week: 5, day: 'TU' } }, 'recurrence.week'],
    ['no weekdays', { recurrence: { kind: 'weekly', days: [] } }, 'recurrence.days'],
    [
      'a repeated weekday',
      { recurrence: { kind: 'weekly', days: ['MO', 'MO'] } },
      'recurrence.days',
    ],
    ['an unknown weekday', { recurrence: { kind: 'weekly', days: ['XX'] } }, 'recurrence.days.0'],
    ['an unknown kind', { recurrence: { kind: 'daily' } }, 'recurrence.kind'],
    [
      '0 course sessions',
      { recurrence: { kind: 'course', days: ['MO'], sessions: 0 } },
      'recurrence.sessions',
    ],
    ['endsOn before startsOn', { endsOn: '2024-12-31' }, 'endsOn'],
    [
      'endsOn on a course',
      { endsOn: '2025-02-01', recurrence: { kind: 'course', days: ['MO'], sessions: 3 } },
      'endsOn',
    ],
    ['an unknown zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    ['a fixed offset', { timezone: '+05:00' }, 'timezone'],
    ['25:00', { startTime: '25:00' }, 'startTime'],
    ['7:60', { startTime: '7:60' }, 'startTime'],
    ['7:00 without a leading zero', { startTime: '7:00' }, 'startTime'],
    ['an impossible date', { startsOn: '2025-02-30' }, 'startsOn'],
    ['a zero duration', { durationMinutes: 0 }, 'durationMinutes'],
    ['a fractional duration', { durationMinutes: 1.5 }, 'durationMinutes'],
  ])('rejects %s, naming the field', (_label, change, field) => {
    expect(fieldsOf({ ...valid, ...change })).toEqual([field]);
  });

  it('explains the problem in words', () => {
    const result = MeetingSeries.safeParse({ ...valid, startTime: '25:00', timezone: 'Nowhere' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(describeIssues(result.error)).toEqual([
      { field: 'timezone', message: 'must be a known IANA time zone such as America/New_York' },
      { field: 'startTime', message: 'must be a 24-hour time HH:MM between 00:00 and 23:59' },
    ]);
  });
});

describe('isValidTimeZone', () => {
  it.each(['America/New_York', 'Europe/London', 'Asia/Tokyo', 'UTC', 'Asia/Kolkata'])(
    'accepts %s',
    (zone) => expect(isValidTimeZone(zone)).toBe(true),
  );
  it.each(['', 'Nowhere/Special', '+05:00', 'UTC+5', '-0500', ' Europe/London'])(
    'rejects %j',
    (zone) => expect(isValidTimeZone(zone)).toBe(false),
  );
});
