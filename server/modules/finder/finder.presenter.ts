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

/** A record's JSON around the parts that depend on the query: made once per record. */
interface Fragments {
  /** `{"slug":…,"group":{…},"attendance":…,"types":[…],"next":{` */
  head: string;
  /** `,"timezone":…}` closing `next`. */
  zone: string;
  /** `,"location":{…}}` closing the result. */
  location: string;
}

/**
 * Keyed by the record object: a rebuilt or replaced record is a new object and gets new
 * fragments; the old ones go with it.
 */
const fragments = new WeakMap<FinderRecord, Fragments>();

function fragmentsOf(record: FinderRecord): Fragments {
  let made = fragments.get(record);
  if (!made) {
    const head = JSON.stringify({
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
      attendance: record.attendance,
      types: record.types,
    });
    const location = JSON.stringify({
      name: record.locationName,
      address: record.address,
      city: record.city,
      region: record.region,
      approximate: record.approximate,
      latitude: record.latitude,
      longitude: record.longitude,
    });
    made = {
      head: `${head.slice(0, -1)},"next":{`,
      zone: `,"timezone":${JSON.stringify(record.timezone)}}`,
      location: `,"location":${location}}`,
    };
    fragments.set(record, made);
  }
  return made;
}

/**
 * `JSON.stringify(presentFinderResult(...))`, assembled from the record's fragments and the
 * few values that depend on the query and the minute.
 */
export function finderResultJson(
  record: FinderRecord,
  next: { start: number; end: number },
  now: number,
  viewer: { zone: string; locale: string },
  distance: { value: number; units: DistanceUnits } | null,
): string {
  const f = fragmentsOf(record);
  const when = formatOnce(next.start, record.timezone, viewer.zone, viewer.locale);
  const inProgress = next.start <= now && now < next.end;
  return (
    `${f.head}"start":"${new Date(next.start).toISOString()}","end":"${new Date(next.end).toISOString()}",` +
    `"isInProgress":${inProgress},"viewer":${JSON.stringify(when.viewer)},` +
    `"meeting":${when.meeting === null ? 'null' : JSON.stringify(when.meeting)}${f.zone}` +
    `,"distance":${distance ? `{"value":${JSON.stringify(distance.value)},"units":"${distance.units}"}` : 'null'}` +
    f.location
  );
}
