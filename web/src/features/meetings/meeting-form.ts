import type {
  CreateMeetingInput,
  RecurrenceInput,
  Weekday,
} from '../../../../contracts/meetings.ts';
import { detectTimeZone } from '../../components/forms.tsx';
import type { MeetingView } from '../../lib/api.ts';

// The meeting editor's values as typed, and how they become a request body the contract
// accepts. Pure functions, so the defaults and the conversion are unit-tested.

export type Kind = RecurrenceInput['kind'];
export const KINDS: readonly Kind[] = ['weekly', 'monthly', 'once', 'course'];
export const WEEKS = ['1', '2', '3', '4', 'last'] as const;

export interface MeetingValues {
  name: string;
  timezone: string;
  startTime: string;
  durationMinutes: string;
  startsOn: string;
  endsOn: string;
  kind: Kind;
  days: Weekday[];
  interval: string;
  week: (typeof WEEKS)[number];
  monthDay: Weekday;
  sessions: string;
  locationName: string;
  address: string;
  latitude: string;
  longitude: string;
  approximate: boolean;
  locationNotes: string;
  conferenceUrl: string;
  conferenceUrlNotes: string;
  conferencePhone: string;
  conferencePhoneNotes: string;
  types: string[];
  notes: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Today's date on the person's own calendar (YYYY-MM-DD). Not `toISOString()`, which is the
 * UTC date: an evening west of UTC (or a morning east of it) would get the wrong day.
 */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The form's values for an existing meeting, or a new meeting's defaults: the group's zone
 * (`groupZone`, where its meetings already happen) before the editor's own, and no day
 * chosen, so nobody saves a Monday they did not pick.
 */
export function fromMeeting(
  m: MeetingView | null,
  now: Date = new Date(),
  groupZone: string | null = null,
): MeetingValues {
  const r = m?.recurrence;
  return {
    name: m?.name ?? '',
    timezone: m?.timezone ?? groupZone ?? detectTimeZone(),
    startTime: m?.startTime ?? '19:00',
    durationMinutes: String(m?.durationMinutes ?? 60),
    startsOn: m?.startsOn ?? localToday(now),
    endsOn: m?.endsOn ?? '',
    kind: r?.kind ?? 'weekly',
    days: r && (r.kind === 'weekly' || r.kind === 'course') ? r.days : [],
    interval: String(r?.kind === 'weekly' ? r.interval : 1),
    week: r?.kind === 'monthly' ? (r.week === 'last' ? 'last' : (WEEKS[r.week - 1] ?? '1')) : '1',
    monthDay: r?.kind === 'monthly' ? r.day : 'MO',
    sessions: String(r?.kind === 'course' ? r.sessions : 8),
    locationName: m?.locationName ?? '',
    address: m?.address ?? '',
    latitude: m?.latitude?.toString() ?? '',
    longitude: m?.longitude?.toString() ?? '',
    approximate: m?.approximate ?? false,
    locationNotes: m?.locationNotes ?? '',
    conferenceUrl: m?.conferenceUrl ?? '',
    conferenceUrlNotes: m?.conferenceUrlNotes ?? '',
    conferencePhone: m?.conferencePhone ?? '',
    conferencePhoneNotes: m?.conferencePhoneNotes ?? '',
    types: m?.types.map((x) => x.code) ?? [],
    notes: m?.notes ?? '',
  };
}

/** Numbers stay as typed when they are not numbers, so the server names the field. */
const num = (v: string): number | null => (v.trim() === '' ? null : Number(v));

export function toRecurrence(v: MeetingValues): RecurrenceInput {
  switch (v.kind) {
    case 'once':
      return { kind: 'once' };
    case 'weekly':
      return { kind: 'weekly', days: v.days, interval: Number(v.interval) };
    case 'monthly':
      return {
        kind: 'monthly',
        week: v.week === 'last' ? 'last' : toWeek(v.week),
        day: v.monthDay,
      };
    case 'course':
      return { kind: 'course', days: v.days, sessions: Number(v.sessions) };
  }
}

const toWeek = (w: Exclude<MeetingValues['week'], 'last'>) => Number(w) as 1 | 2 | 3 | 4;

/** The request body, as the contract's input: the server validates and names bad fields. */
export function toBody(v: MeetingValues): CreateMeetingInput {
  return {
    name: v.name,
    timezone: v.timezone,
    startTime: v.startTime,
    durationMinutes: Number(v.durationMinutes),
    startsOn: v.startsOn,
    endsOn: v.kind === 'course' || !v.endsOn ? null : v.endsOn,
    recurrence: toRecurrence(v),
    locationName: v.locationName,
    address: v.address,
    latitude: num(v.latitude),
    longitude: num(v.longitude),
    approximate: v.approximate,
    locationNotes: v.locationNotes,
    conferenceUrl: v.conferenceUrl,
    conferenceUrlNotes: v.conferenceUrlNotes,
    conferencePhone: v.conferencePhone,
    conferencePhoneNotes: v.conferencePhoneNotes,
    types: v.types,
    notes: v.notes,
  };
}
