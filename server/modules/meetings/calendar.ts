/**
 * iCalendar feeds of meeting series: one VEVENT per series with its RRULE, DTSTART in the
 * meeting's own zone (TZID) and a VTIMEZONE for that zone, cancellations as EXDATE and moved
 * occurrences as overriding VEVENTs with RECURRENCE-ID. Calendar clients then expand the
 * series themselves and keep the meeting at its local time across DST changes.
 *
 * Only public facts go into a feed: the meeting's public name, where and how to attend, and
 * its page. Notes, types, focus areas and attendees never do — a calendar is often shared or
 * synced to devices other people see.
 */
import ical, { ICalEventStatus, type ICalTemporalZonedDateTimeStub } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { Language, Translated } from '../../i18n/index.ts';
import {
  type MeetingSeries,
  type OccurrenceException,
  firstOccurrenceId,
  isOccurrence,
  toRRule,
} from './recurrence.ts';
import { vtimezoneGenerator } from './vtimezone.ts';

export interface CalendarMeeting {
  /** Stable id of the series; the UID is `<id>@<uidDomain>`. */
  id: string;
  /** The meeting's public name (SUMMARY). */
  name: string;
  series: MeetingSeries;
  exceptions?: readonly OccurrenceException[];
  /** Place name and address, as one line (LOCATION). */
  location?: string | null;
  /** The meeting's public page (URL). */
  url?: string | null;
  conferenceUrl?: string | null;
  conferencePhone?: string | null;
}

/** The words a calendar adds around the meetings' own texts, in each language we write. */
export const calendarWords: Translated<{
  /** The private feed's name. */
  myMeetings: string;
  joinOnline: string;
  joinByPhone: string;
  details: string;
}> = {
  en: {
    myMeetings: 'My meetings',
    joinOnline: 'Join online',
    joinByPhone: 'Join by phone',
    details: 'Details',
  },
  es: {
    myMeetings: 'Mis reuniones',
    joinOnline: 'Unirse en línea',
    joinByPhone: 'Unirse por teléfono',
    details: 'Detalles',
  },
};

export interface CalendarOptions {
  /** Calendar name shown by clients (X-WR-CALNAME). */
  name: string;
  /** The language of the calendar's own words (the requester's); English by default. */
  language?: Language;
  /** Domain part of every UID, e.g. the site's host name. */
  uidDomain: string;
  /** DTSTAMP of every event: when the feed was generated (injected for tests). */
  now: Date;
}

/** An iCalendar (RFC 5545) document for these meeting series. */
export function meetingCalendar(
  meetings: readonly CalendarMeeting[],
  opts: CalendarOptions,
): string {
  const calendar = ical({
    name: opts.name,
    prodId: {
      company: 'Iconocast',
      product: 'meetings',
      language: (opts.language ?? 'en').toUpperCase(),
    },
    timezone: { name: null, generator: vtimezoneGenerator(yearRange(meetings, opts.now)) },
  });
  for (const meeting of meetings) {
    for (const event of meetingEvents(meeting, opts)) calendar.createEvent(event);
  }
  return calendar.toString();
}

type EventData = Parameters<ReturnType<typeof ical>['createEvent']>[0];

/** The series' master event plus one override per moved occurrence. */
function meetingEvents(meeting: CalendarMeeting, opts: CalendarOptions): EventData[] {
  const { series } = meeting;
  const firstId = firstOccurrenceId(series);
  if (!firstId) return [];
  const exceptions = (meeting.exceptions ?? []).filter((e) => isOccurrence(series, e.occurrenceId));
  const cancelled = exceptions.filter((e) => e.kind === 'cancelled').map((e) => e.occurrenceId);
  const moved = exceptions.filter((e) => e.kind === 'moved');
  const base = {
    id: `${meeting.id}@${opts.uidDomain}`,
    stamp: opts.now,
    timezone: series.timezone,
    summary: meeting.name,
    location: meeting.location ?? null,
    url: meeting.url ?? null,
    description: describeAttendance(meeting, opts.language ?? 'en'),
  };

  if (series.recurrence.kind === 'once') {
    const move = moved.find((m) => m.occurrenceId === firstId);
    const date = move?.date ?? firstId;
    const time = move?.startTime ?? series.startTime;
    return [
      {
        ...base,
        start: wallClock(date, time, series.timezone),
        end: endOf(date, time, move?.durationMinutes ?? series.durationMinutes, series.timezone),
        status: cancelled.includes(firstId) ? ICalEventStatus.CANCELLED : null,
      },
    ];
  }

  // DURATION rather than DTEND: every occurrence lasts the same elapsed time, even when the
  // first one starts in a DST gap and a client resolves that DTSTART differently.
  const rrule = [
    `RRULE:${toRRule(series, { untilUtc: true })}`,
    `DURATION:${isoDuration(series.durationMinutes)}`,
  ];
  // Moved occurrences are excluded by their override's RECURRENCE-ID, not by EXDATE.
  if (cancelled.length > 0) {
    const dates = cancelled.map((id) => compactLocal(id, series.startTime)).join(',');
    rrule.push(`EXDATE;TZID=${series.timezone}:${dates}`);
  }
  const master: EventData = {
    ...base,
    start: wallClock(firstId, series.startTime, series.timezone),
    repeating: rrule.join('\r\n'),
  };
  const overrides: EventData[] = moved.map((m) => ({
    ...base,
    recurrenceId: wallClock(m.occurrenceId, series.startTime, series.timezone),
    start: wallClock(m.date, m.startTime, series.timezone),
    end: endOf(m.date, m.startTime, m.durationMinutes ?? series.durationMinutes, series.timezone),
  }));
  return [master, ...overrides];
}

/** How to attend, in plain text: the page, the online link and the phone number. */
function describeAttendance(meeting: CalendarMeeting, language: Language): string | null {
  const words = calendarWords[language];
  const lines = [
    meeting.conferenceUrl ? `${words.joinOnline}: ${meeting.conferenceUrl}` : null,
    meeting.conferencePhone ? `${words.joinByPhone}: ${meeting.conferencePhone}` : null,
    meeting.url ? `${words.details}: ${meeting.url}` : null,
  ].filter((l): l is string => l !== null);
  return lines.length > 0 ? lines.join('\n') : null;
}

/**
 * A local wall-clock time in `zone` as ical-generator's ZonedDateTime shape, written exactly
 * as scheduled. A real ZonedDateTime cannot hold 02:30 on a spring-forward day (it becomes
 * 03:30), and a DTSTART of 03:30 would move every later occurrence to 03:30. Written as 02:30,
 * clients resolve the gap by the same RFC 5545 rule we use, and the rule keeps 02:30.
 */
function wallClock(date: string, time: string, zone: string): ICalTemporalZonedDateTimeStub {
  const local = Temporal.PlainDateTime.from(`${date}T${time}`);
  const zoned = local.toZonedDateTime(zone, { disambiguation: 'compatible' });
  const stub: ICalTemporalZonedDateTimeStub = {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
    timeZoneId: zone,
    toInstant: () => zoned.toInstant(),
    toPlainDateTime: () => local,
    withTimeZone: (other) => (other === zone ? stub : zoned.withTimeZone(other)),
    toJSON: () => `${local.toString()}[${zone}]`,
    toString: () => `${local.toString()}[${zone}]`,
  };
  return stub;
}

/** The real end instant (start + duration of elapsed time), in the meeting's zone. */
function endOf(date: string, time: string, minutes: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.PlainDateTime.from(`${date}T${time}`)
    .toZonedDateTime(zone, { disambiguation: 'compatible' })
    .add({ minutes });
}

function isoDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `PT${hours ? `${hours}H` : ''}${minutes % 60 ? `${minutes % 60}M` : ''}`;
}

function compactLocal(date: string, time: string): string {
  return `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
}

/**
 * Years the VTIMEZONEs spell out: from the earliest start to two years past the last date or
 * today, whichever is later; rules still in force then are left open-ended for clients.
 */
function yearRange(
  meetings: readonly CalendarMeeting[],
  now: Date,
): { fromYear: number; toYear: number } {
  const years = meetings.flatMap((m) => [
    m.series.startsOn,
    m.series.endsOn ?? m.series.startsOn,
    ...(m.exceptions ?? []).flatMap((e) => (e.kind === 'moved' ? [e.date] : [])),
  ]);
  const numbers = years.map((d) => Number(d.slice(0, 4)));
  const thisYear = now.getUTCFullYear();
  const fromYear = Math.min(thisYear, ...numbers);
  return { fromYear, toYear: Math.max(thisYear, ...numbers) + 2 };
}
