import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CalendarMeeting, meetingCalendar } from './calendar.ts';
import { MeetingSeries, type OccurrenceException, occurrencesBetween } from './recurrence.ts';
import { series } from './recurrence.test-helpers.ts';
import { vtimezone } from './vtimezone.ts';

const NOW = new Date('2025-01-01T00:00:00Z');
const opts = { name: 'Iconocast meetings', uidDomain: 'iconocast.test', now: NOW };

const meeting = (
  id: string,
  s: MeetingSeries,
  exceptions: OccurrenceException[] = [],
): CalendarMeeting => ({
  id,
  name: `Meeting ${id}`,
  series: s,
  exceptions,
  location: 'Hope Hall, 1 Main St, Springfield',
  url: `https://iconocast.test/meetings/${id}`,
});

beforeEach(() => ICAL.TimezoneService.reset());

/** Parses a calendar with ical.js and registers its VTIMEZONEs, as a calendar client would. */
function parse(text: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(vtz);
  }
  return calendar;
}

/** Every occurrence ical.js expands for one UID that overlaps [from, to), as UTC ISO pairs. */
function expand(calendar: ICAL.Component, uid: string, from: Date, to: Date): string[][] {
  const events = calendar
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v))
    .filter((e) => e.uid === uid);
  const master = events.find((e) => !e.isRecurrenceException());
  if (!master) throw new Error(`no master event for ${uid}`);
  for (const e of events) if (e.isRecurrenceException()) master.relateException(e);

  const found: string[][] = [];
  const keep = (start: Date, end: Date) => {
    if (start < to && end > from) found.push([start.toISOString(), end.toISOString()]);
  };
  if (!master.isRecurring()) {
    keep(master.startDate.toJSDate(), master.endDate.toJSDate());
    return found;
  }
  const iterator = master.iterator();
  const horizon = to.getTime() + 60 * 86_400_000; // moves may land earlier than their slot
  for (let next = iterator.next(); next && next.toJSDate().getTime() < horizon;) {
    const details = master.getOccurrenceDetails(next);
    keep(details.startDate.toJSDate(), details.endDate.toJSDate());
    next = iterator.next();
  }
  return found.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

function ours(m: CalendarMeeting, from: Date, to: Date): string[][] {
  return occurrencesBetween(m.series, from, to, m.exceptions)
    .filter((o) => !o.cancelled)
    .map((o) => [o.start.toISOString(), o.end.toISOString()]);
}

const YEAR = [new Date('2025-01-01T00:00Z'), new Date('2026-01-01T00:00Z')] as const;

describe('meetingCalendar parsed by ical.js', () => {
  const cases: [string, CalendarMeeting][] = [
    [
      'weekly in New York with a cancellation and a move around the March change',
      meeting('ny', series({ recurrence: { kind: 'weekly', days: ['MO', 'TH'] } }), [
        { kind: 'cancelled', occurrenceId: '2025-03-10' },
        { kind: 'cancelled', occurrenceId: '2025-11-03' },
        { kind: 'moved', occurrenceId: '2025-03-13', date: '2025-03-14', startTime: '18:00' },
      ]),
    ],
    [
      'weekly in London that ends in November',
      meeting(
        'london',
        series({
          timezone: 'Europe/London',
          startTime: '10:00',
          endsOn: '2025-11-30',
          recurrence: { kind: 'weekly', days: ['SU'] },
        }),
      ),
    ],
    [
      'every two weeks in Edmonton',
      meeting(
        'edm',
        series({
          timezone: 'America/Edmonton',
          startsOn: '2025-01-08',
          recurrence: { kind: 'weekly', days: ['WE', 'FR'], interval: 2 },
        }),
      ),
    ],
    [
      'last Thursday of the month in Berlin at 23:30',
      meeting(
        'berlin',
        series({
          timezone: 'Europe/Berlin',
          startTime: '23:30',
          durationMinutes: 90,
          recurrence: { kind: 'monthly', week: 'last', day: 'TH' },
        }),
        [{ kind: 'moved', occurrenceId: '2025-10-30', date: '2025-10-23', startTime: '20:00' }],
      ),
    ],
    [
      'second Tuesday in Sydney (southern-hemisphere DST)',
      meeting(
        'syd',
        series({
          timezone: 'Australia/Sydney',
          startTime: '00:30',
          recurrence: { kind: 'monthly', week: 2, day: 'TU' },
        }),
      ),
    ],
    [
      'a course of 6 sessions in Tokyo',
      meeting(
        'course',
        series({
          timezone: 'Asia/Tokyo',
          startsOn: '2025-03-01',
          recurrence: { kind: 'course', days: ['MO', 'WE'], sessions: 6 },
        }),
        [{ kind: 'cancelled', occurrenceId: '2025-03-05' }],
      ),
    ],
    [
      'a one-off meeting',
      meeting('once', series({ startsOn: '2025-06-05', recurrence: { kind: 'once' } })),
    ],
  ];

  it.each(cases)('expands %s exactly as occurrencesBetween does', (_label, m) => {
    const calendar = parse(meetingCalendar([m], opts));
    const expected = ours(m, ...YEAR);
    expect(expected.length).toBeGreaterThan(0);
    expect(expand(calendar, `${m.id}@iconocast.test`, ...YEAR)).toEqual(expected);
  });

  it('keeps a 02:30 series at 02:30 when its first occurrence falls in the spring-forward gap', () => {
    const m = meeting(
      'gap',
      series({
        startTime: '02:30',
        startsOn: '2025-03-09',
        recurrence: { kind: 'weekly', days: ['SU'] },
      }),
    );
    const text = meetingCalendar([m], opts);
    // Written as scheduled; a real ZonedDateTime would have said 03:30 and moved every week.
    expect(text).toContain('DTSTART;TZID=America/New_York:20250309T023000');
    expect(text).toContain('DURATION:PT1H');
    const [first, ...rest] = expand(parse(text), 'gap@iconocast.test', ...YEAR);
    const [ourFirst, ...ourRest] = ours(m, ...YEAR);
    expect(rest).toEqual(ourRest);
    expect(ourFirst).toEqual(['2025-03-09T07:30:00.000Z', '2025-03-09T08:30:00.000Z']);
    // RFC 5545 §3.3.5 reads a time in the gap with the offset before it (03:30 EDT), as we do;
    // ical.js reads it with the offset after it (01:30 EST). Either way it lasts an hour.
    expect(['2025-03-09T06:30:00.000Z', '2025-03-09T07:30:00.000Z']).toContain(first?.[0]);
    expect(Date.parse(first![1]!) - Date.parse(first![0]!)).toBe(3_600_000);
  });

  it('puts every meeting in one file, each with its own zone', () => {
    const all = cases.map(([, m]) => m);
    const calendar = parse(meetingCalendar(all, opts));
    const zones = calendar
      .getAllSubcomponents('vtimezone')
      .map((z) => z.getFirstPropertyValue('tzid'));
    expect(new Set(zones)).toEqual(
      new Set([
        'America/New_York',
        'Europe/London',
        'America/Edmonton',
        'Europe/Berlin',
        'Australia/Sydney',
        'Asia/Tokyo',
      ]),
    );
    for (const m of all) {
      expect(expand(calendar, `${m.id}@iconocast.test`, ...YEAR)).toEqual(ours(m, ...YEAR));
    }
  });

  it('writes DTSTART in the meeting zone, the RRULE, and cancellations as EXDATE in that zone', () => {
    const [, m] = cases[0]!;
    const text = meetingCalendar([m], opts);
    expect(text).toContain('DTSTART;TZID=America/New_York:20250102T190000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO,TH');
    expect(text).toContain('EXDATE;TZID=America/New_York:20250310T190000,20251103T190000');
    expect(text).toContain('RECURRENCE-ID;TZID=America/New_York:20250313T190000');
    expect(text.match(/^UID:ny@iconocast\.test\r$/gm)).toHaveLength(2);
  });

  it('honours EXDATE when a client expands the series', () => {
    const [, m] = cases[0]!;
    const starts = expand(parse(meetingCalendar([m], opts)), 'ny@iconocast.test', ...YEAR).map(
      ([start]) => start,
    );
    expect(starts).not.toContain('2025-03-10T23:00:00.000Z');
    expect(starts).toContain('2025-03-07T00:00:00.000Z'); // Thu 6 Mar 19:00 EST
    expect(starts).toContain('2025-03-17T23:00:00.000Z');
  });

  it('writes UNTIL in UTC for a series that ends', () => {
    const [, m] = cases[1]!;
    expect(meetingCalendar([m], opts)).toContain(
      'RRULE:FREQ=WEEKLY;BYDAY=SU;UNTIL=20251130T235959Z',
    );
  });

  it('marks a cancelled one-off meeting as cancelled', () => {
    const m = meeting('one', series({ startsOn: '2025-06-05', recurrence: { kind: 'once' } }), [
      { kind: 'cancelled', occurrenceId: '2025-06-05' },
    ]);
    expect(meetingCalendar([m], opts)).toContain('STATUS:CANCELLED');
  });

  it('is the same text whatever the process zone and stable between runs', () => {
    const all = cases.map(([, m]) => m);
    const text = meetingCalendar(all, opts);
    expect(meetingCalendar(all, opts)).toBe(text);
    // The events only: VTIMEZONE text follows the runtime's tz data, checked above instead.
    expect(text.replace(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\r\n/g, '')).toMatchSnapshot();
  });

  it('shares only the public name, place, page and how to join', () => {
    const m: CalendarMeeting = {
      ...meeting('pub', series({})),
      conferenceUrl: 'https://zoom.us/j/123',
      conferencePhone: '+16465588656,,123#',
    };
    const event = new ICAL.Event(
      parse(meetingCalendar([m], opts)).getFirstSubcomponent('vevent') as ICAL.Component,
    );
    expect(event.summary).toBe('Meeting pub');
    expect(event.location).toBe('Hope Hall, 1 Main St, Springfield');
    expect(event.description).toBe(
      'Join online: https://zoom.us/j/123\nJoin by phone: +16465588656,,123#\nDetails: https://iconocast.test/meetings/pub',
    );
    const names = event.component.getAllProperties().map((p) => p.name);
    expect(names.sort()).toEqual(
      [
        'description',
        'duration',
        'dtstamp',
        'dtstart',
        'location',
        'rrule',
        'sequence',
        'summary',
        'uid',
        'url',
      ].sort(),
    );
  });
});

describe('vtimezone', () => {
  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'America/Sao_Paulo',
    'America/Santiago',
    'Pacific/Chatham',
    'Asia/Tokyo',
    'Asia/Tehran',
    'Africa/Casablanca',
  ];

  it.each(zones)('gives ical.js the same wall clock as Temporal for %s, 2016–2050', (zone) => {
    const range = { fromYear: 2016, toYear: 2018 }; // rules are read until 2018 + 28 = 2046
    parse(
      `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${vtimezone(zone, range)}\r\nEND:VCALENDAR`,
    );
    const tz = ICAL.TimezoneService.get(zone);
    expect(tz).toBeTruthy();

    // Samples every 61 hours (the time of day varies), plus a minute either side of every real change; checked up to 2050 to
    // show the open-ended rules carry on past the range they were read from.
    const samples: Temporal.Instant[] = [];
    let day = Temporal.Instant.from('2016-01-01T12:00:00Z');
    const end = Temporal.Instant.from('2051-01-01T00:00:00Z');
    for (; Temporal.Instant.compare(day, end) < 0; day = day.add({ hours: 61 })) samples.push(day);
    let cursor: Temporal.ZonedDateTime | null =
      Temporal.Instant.from('2016-01-01T00:00:00Z').toZonedDateTimeISO(zone);
    while ((cursor = cursor.getTimeZoneTransition('next')) && cursor.year < 2051) {
      samples.push(
        cursor.toInstant().subtract({ minutes: 1 }),
        cursor.toInstant().add({ minutes: 1 }),
      );
    }

    // Clients turn local times into instants, so that is the direction checked. (ical.js's
    // own instant→local conversion is approximate within hours of a change.) Local times in a
    // gap or repeated hour have no single answer and are left out.
    const mismatches = samples.flatMap((instant) => {
      const local = instant.toZonedDateTimeISO(zone).toPlainDateTime();
      try {
        local.toZonedDateTime(zone, { disambiguation: 'reject' });
      } catch {
        return [];
      }
      const time = new ICAL.Time(
        {
          year: local.year,
          month: local.month,
          day: local.day,
          hour: local.hour,
          minute: local.minute,
          second: local.second,
          isDate: false,
        },
        tz!,
      );
      const got = new Date(time.toUnixTime() * 1000).toISOString();
      const want = new Date(instant.epochMilliseconds).toISOString();
      return got === want ? [] : [`${local.toString()} → ${got} ≠ ${want}`];
    });
    // Casablanca's Ramadan changes follow the lunar calendar; no yearly rule can describe
    // them past the range, so only the range itself is checked there.
    const relevant =
      zone === 'Africa/Casablanca' ? mismatches.filter((m) => m < '2047') : mismatches;
    expect(relevant).toEqual([]);
  });

  it('folds New York’s changes into two open-ended yearly rules', () => {
    const text = vtimezone('America/New_York', { fromYear: 2020, toYear: 2030 });
    expect(text.match(/^RRULE:.*$/gm)).toEqual([
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    ]);
  });

  it('describes a zone without DST with one component', () => {
    const text = vtimezone('Asia/Tokyo', { fromYear: 2020, toYear: 2030 });
    expect(text.match(/^BEGIN:(STANDARD|DAYLIGHT)/gm)).toEqual(['BEGIN:STANDARD']);
    expect(text).toContain('TZOFFSETTO:+0900');
  });

  it('ends a rule that was abolished (São Paulo dropped DST in 2019)', () => {
    const text = vtimezone('America/Sao_Paulo', { fromYear: 2015, toYear: 2030 });
    expect(text).toMatch(/RRULE:FREQ=YEARLY;BYMONTH=2;[^\r]*;UNTIL=20190217T020000Z\r/);
    expect(text).not.toMatch(/RRULE:[^\r]*BYMONTH=(2|10|11);[^U\r]*\r/); // none open-ended
  });
});
