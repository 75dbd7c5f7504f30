import type { DistanceUnits, FinderAttendance, FinderResult } from '../../../contracts/finder.ts';
import { formatForViewer } from '../meetings/recurrence.ts';
import type { FinderRecord } from './finder.records.ts';

const formatted = new Map<string, { viewer: string; meeting: string | null }>();

/** `formatForViewer`, remembered: a page's meetings share a handful of start instants. */
function formatOnce(instant: number, meetingZone: string, viewerZone: string, locale: string) {
  const key = `${instant}|${meetingZone}|${viewerZone}|${locale}`;
  let value = formatted.get(key);
  if (!value) {
    if (formatted.size > 20_000) formatted.clear();
    value = formatForViewer(new Date(instant), meetingZone, viewerZone, locale);
    formatted.set(key, value);
  }
  return value;
}

/**
 * One finder result. The record already holds only what the public may see: a closed
 * group's meeting has no venue, address or coordinates, and its area is the group's own.
 */
export function presentFinderResult(
  record: FinderRecord,
  next: { start: number; end: number },
  now: number,
  viewer: { zone: string; locale: string },
  distance: { value: number; units: DistanceUnits } | null,
): FinderResult {
  const when = formatOnce(next.start, record.timezone, viewer.zone, viewer.locale);
  return {
    slug: record.slug,
    name: record.name,
    group: {
      slug: record.groupSlug,
      name: record.groupName,
      isOpen: record.isOpen,
      focusAreas: record.focusAreas,
      stage: record.stage,
      audience: record.audience,
      languages: record.languages,
    },
    attendance: record.attendance as FinderAttendance,
    types: record.types,
    next: {
      start: new Date(next.start).toISOString(),
      end: new Date(next.end).toISOString(),
      isInProgress: next.start <= now && now < next.end,
      viewer: when.viewer,
      meeting: when.meeting,
      timezone: record.timezone,
    },
    distance,
    location: {
      name: record.locationName,
      address: record.address,
      city: record.city,
      region: record.region,
      approximate: record.approximate,
      latitude: record.latitude,
      longitude: record.longitude,
    },
  };
}
