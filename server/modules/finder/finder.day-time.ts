/**
 * Weekday and time-of-day sets as a viewer reads them: each meeting's local schedule moved by
 * the difference between its zone's offset and the viewer's.
 */
import { timeOfDay, type TimeOfDay } from '../meetings/recurrence.ts';
import { offsetMinutesAt, pad2 } from '../meetings/time-zones.ts';
import { Bitset } from './finder.bitset.ts';
import type { FinderRecord } from './finder.records.ts';

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;
const BAND_BY_HOUR: TimeOfDay[] = Array.from({ length: 24 }, (_, h) => timeOfDay(`${pad2(h)}:00`));
export const BANDS: readonly TimeOfDay[] = ['morning', 'midday', 'evening', 'night'];

export interface DayTimeSets {
  day: Bitset[];
  time: Bitset[];
}

/**
 * Per zone (by its number in `zones`), minutes to add to a meeting's local time to read it
 * in `viewerZone` at `now`.
 */
export function zoneDeltas(zones: readonly string[], viewerZone: string, now: number): number[] {
  const viewerOffset = cachedOffset(viewerZone, now);
  return zones.map((z) => viewerOffset - cachedOffset(z, now));
}

/** The day (0 = Monday) and band sets for records whose zone number is `recordZone[i]`. */
export function buildDayTimeSets(
  records: readonly (FinderRecord | undefined)[],
  recordZone: Uint16Array,
  deltas: readonly number[],
  size: number,
): DayTimeSets {
  const day = Array.from({ length: 7 }, () => new Bitset(size));
  const time = BANDS.map(() => new Bitset(size));
  for (const r of records) {
    if (!r) continue;
    const delta = deltas[recordZone[r.index]!]!;
    for (const wd of r.localWeekdays) {
      const m =
        (((wd * 1440 + r.startMinutes + delta) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
      day[Math.floor(m / 1440)]!.add(r.index);
      time[BANDS.indexOf(BAND_BY_HOUR[Math.floor((m % 1440) / 60)]!)]!.add(r.index);
    }
  }
  return { day, time };
}

const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 15 * MINUTE;

/** Zone offsets change on quarter hours at the finest, so they are remembered per quarter. */
function cachedOffset(zone: string, now: number): number {
  const bucket = Math.floor(now / QUARTER_HOUR);
  const key = `${zone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 10_000) offsetCache.clear();
    offset = offsetMinutesAt(new Date(bucket * QUARTER_HOUR), zone);
    offsetCache.set(key, offset);
  }
  return offset;
}
