import type {
  CalendarLinks,
  Directions,
  MeetingView,
  OccurrenceExceptionView,
  OccurrenceView,
} from '../../../contracts/meetings.ts';
import type { z } from 'zod';
import { projectMeeting, projectOccurrence, type MeetingVisibility } from '../../policies/index.ts';
import { typeName } from '../meeting-guide/meeting-guide.types.ts';
import type { MeetingExceptionRow, MeetingRow } from './meetings.repository.ts';
import { placeAndJoinOf, seriesOf } from './meetings.rules.ts';
import { formatForViewer, toRRule, type MeetingSeries, type Occurrence } from './recurrence.ts';
import { pad2 } from './time-zones.ts';

export interface GroupSummary {
  slug: string;
  name: string;
  isOpen: boolean;
}

/**
 * A meeting as the API shows it, with only what `visibility` (the policy's answer for the
 * viewer) allows: for a closed group's meeting seen from outside the group, the place,
 * every way to join and the notes are left out, and `detailsHidden` says so.
 */
export function presentMeeting(
  row: MeetingRow,
  group: GroupSummary,
  visibility: MeetingVisibility,
): z.infer<typeof MeetingView> {
  const view: z.infer<typeof MeetingView> = {
    id: row.id,
    slug: row.slug,
    name: row.name,
    group: { slug: group.slug, name: group.name, isOpen: group.isOpen },
    ...seriesOf(row),
    rrule: row.rrule,
    attendance: row.attendance,
    types: row.types.map((code) => ({ code, name: typeName(code) })),
    notes: row.notes,
    regions: row.regions,
    ...placeAndJoinOf(row),
    detailsHidden: !(visibility.place && visibility.join),
    updatedAt: row.updatedAt.toISOString(),
  };
  return projectMeeting(view, visibility);
}

/** One occurrence; its topic and reading only when `visibility` shows the meeting's content. */
export function presentOccurrence(
  occurrence: Occurrence,
  exception: MeetingExceptionRow | undefined,
  meetingZone: string,
  viewer: { zone: string; locale: string; visibility: MeetingVisibility },
): z.infer<typeof OccurrenceView> {
  const times = formatForViewer(occurrence.start, meetingZone, viewer.zone, viewer.locale);
  return projectOccurrence(
    {
      occurrenceId: occurrence.occurrenceId,
      start: occurrence.start.toISOString(),
      end: occurrence.end.toISOString(),
      cancelled: occurrence.cancelled === true,
      moved: occurrence.moved === true,
      originalStart: occurrence.originalStart?.toISOString() ?? null,
      topic: exception?.topic ?? null,
      literature: exception?.literature ?? null,
      viewerTime: times.viewer,
      meetingTime: times.meeting,
    },
    viewer.visibility,
  );
}

export function presentException(
  row: MeetingExceptionRow,
): z.infer<typeof OccurrenceExceptionView> {
  return {
    occurrenceId: row.occurrenceId,
    cancelled: row.cancelled,
    moved:
      row.movedDate && row.movedStartTime
        ? {
            date: row.movedDate,
            startTime: row.movedStartTime,
            durationMinutes: row.movedDurationMinutes,
          }
        : null,
    topic: row.topic,
    literature: row.literature,
  };
}

/**
 * Directions as plain links the person chooses to follow (our pages never contact the map
 * host): a `geo:` URI for the device's maps app and OpenStreetMap's directions page.
 * Null when there is no place to go (online only, approximate, or hidden).
 */
export function directionsFor(
  view: z.infer<typeof MeetingView>,
): z.infer<typeof Directions> | null {
  if (view.detailsHidden || view.approximate) return null;
  if (view.latitude !== null && view.longitude !== null) {
    const point = `${round(view.latitude)},${round(view.longitude)}`;
    return {
      geo: `geo:${point}`,
      openStreetMap: `https://www.openstreetmap.org/directions?to=${encodeURIComponent(point)}`,
    };
  }
  if (!view.address) return null;
  const place = [view.locationName, view.address].filter(Boolean).join(', ');
  return {
    geo: `geo:0,0?q=${encodeURIComponent(place)}`,
    openStreetMap: `https://www.openstreetmap.org/directions?to=${encodeURIComponent(place)}`,
  };
}

const round = (n: number) => Number(n.toFixed(6));

/** "Add to calendar": our .ics (download and subscription) and Google Calendar's add page. */
export function calendarLinksFor(
  view: z.infer<typeof MeetingView>,
  series: MeetingSeries,
  firstOccurrenceId: string | null,
  publicUrl: string,
): z.infer<typeof CalendarLinks> {
  const ics = `${publicUrl}/api/meetings/${encodeURIComponent(view.slug)}/calendar.ics`;
  const date = firstOccurrenceId ?? series.startsOn;
  const start = `${date.replaceAll('-', '')}T${series.startTime.replace(':', '')}00`;
  const google = new URL('https://calendar.google.com/calendar/render');
  google.searchParams.set('action', 'TEMPLATE');
  google.searchParams.set('text', view.name);
  google.searchParams.set('dates', `${start}/${localEnd(date, series)}`);
  google.searchParams.set('ctz', series.timezone);
  if (series.recurrence.kind !== 'once') {
    google.searchParams.set('recur', `RRULE:${toRRule(series, { untilUtc: true })}`);
  }
  const place = [view.locationName, view.address].filter(Boolean).join(', ');
  if (!view.detailsHidden && place) google.searchParams.set('location', place);
  google.searchParams.set('details', `${publicUrl}/meetings/${encodeURIComponent(view.slug)}`);
  return {
    ics,
    webcal: ics.replace(/^https?:/, 'webcal:'),
    google: google.toString(),
  };
}

/** Local wall-clock end `YYYYMMDDTHHMMSS` (start + duration, as clocks read it). */
function localEnd(date: string, series: MeetingSeries): string {
  const [h, m] = series.startTime.split(':').map(Number) as [number, number];
  const base = new Date(`${date}T00:00:00Z`);
  base.setUTCMinutes(h * 60 + m + series.durationMinutes);
  const d = base.toISOString();
  return `${d.slice(0, 10).replaceAll('-', '')}T${pad2(base.getUTCHours())}${pad2(base.getUTCMinutes())}00`;
}
