/**
 * The finder's query work over the index, without state: known-value checks, facets, the
 * "happening now" and radius sets, distances and the orders results are listed in.
 */
import type { FinderQuery } from '../../../contracts/finder.ts';
import { invalidField } from '../../lib/errors.ts';
import { Bitset } from './finder.bitset.ts';
import type { FinderIndex } from './finder.index.ts';
import type { FinderViewer } from './finder.service.ts';
import { lowerBound, nextOccurrenceOf, type Timeline } from './finder.timeline.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const EARTH_RADIUS_KM = 6371.0088;

export type Dimension = 'focus' | 'attendance' | 'day' | 'time';

export function checkKnown(
  sets: Map<string, Bitset>,
  values: readonly string[] | undefined,
  known: readonly string[],
  field: string,
  what: string,
): void {
  for (const v of values ?? []) {
    if (!known.includes(v) && !sets.has(v)) {
      throw invalidField(
        `querystring.${field}`,
        `"${v}" is not a ${what}: use ${known.join(', ')}`,
      );
    }
  }
}

/** The known values, then any others the directory uses. */
export function facetValues(known: readonly string[], sets: Map<string, Bitset>): string[] {
  return [...known, ...[...sets.keys()].filter((k) => !known.includes(k)).sort()];
}

export function facet(
  index: FinderIndex,
  base: Bitset,
  filters: Map<string, Bitset>,
  dimension: Dimension,
  values: readonly string[],
  setOf: (value: string) => Bitset | undefined,
): { value: string; count: number }[] {
  const others = index.scratch.facet.copyFrom(base);
  for (const [name, set] of filters) if (name !== dimension) others.and(set);
  const words = others.nonZeroWords();
  return values.map((value) => {
    const set = setOf(value);
    return { value, count: set ? others.countAndIn(set, words) : 0 };
  });
}

/** The "happening" sets depend only on the minute: made once per index, timeline and minute. */
const happening = new WeakMap<
  FinderIndex,
  { timeline: Timeline; at: number; sets: Map<string, Bitset> }
>();

/**
 * Meetings in progress at `now`, or starting in the next hour (cancelled ones are not listed).
 * Shared between the searches of a minute: callers must not change it.
 */
export function happeningSet(
  index: FinderIndex,
  now: number,
  which: 'in_progress' | 'within_hour',
): Bitset {
  let kept = happening.get(index);
  if (!kept || kept.at !== now || kept.timeline !== index.timeline) {
    kept = { timeline: index.timeline, at: now, sets: new Map() };
    happening.set(index, kept);
  }
  let set = kept.sets.get(which);
  if (!set) kept.sets.set(which, (set = computeHappening(index, now, which)));
  return set;
}

function computeHappening(index: FinderIndex, now: number, which: 'in_progress' | 'within_hour') {
  const t = index.timeline;
  const set = new Bitset(index.size);
  if (which === 'in_progress') {
    const upTo = lowerBound(t, now + 1);
    for (let i = lowerBound(t, now - DAY); i < upTo; i++) {
      if (t.end[i]! > now) set.add(t.record[i]!);
    }
  } else {
    const upTo = lowerBound(t, now + HOUR + 1);
    for (let i = lowerBound(t, now + 1); i < upTo; i++) set.add(t.record[i]!);
  }
  return set;
}

/** Meetings with coordinates within `radiusKm` (great-circle), and their distances. */
export function withinRadius(index: FinderIndex, lat: number, lng: number, radiusKm: number) {
  const set = new Bitset(index.size);
  const distances = index.scratch.distances; // meaningful for members of `set` only
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  let lo = 0;
  let hi = index.latitudes.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.latitudes.sorted[mid]! < lat - dLat) lo = mid + 1;
    else hi = mid;
  }
  for (
    let k = lo;
    k < index.latitudes.sorted.length && index.latitudes.sorted[k]! <= lat + dLat;
    k++
  ) {
    const i = index.latitudes.order[k]!;
    const r = index.records[i]!;
    const km = haversineKm(lat, lng, r.latitude!, r.longitude!);
    if (km <= radiusKm) {
      set.add(i);
      distances[i] = km;
    }
  }
  return { set, distances };
}

export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Members of `set` in the given order, one page of them. */
export function inOrder(order: Int32Array, set: Bitset, offset: number, limit: number): number[] {
  const page: number[] = [];
  let skipped = 0;
  for (const i of order) {
    if (!set.has(i)) continue;
    if (skipped++ < offset) continue;
    page.push(i);
    if (page.length === limit) break;
  }
  return page;
}

/** Nearest first; ties by the next occurrence. Keeps only the page's worth, sorted. */
export function byDistance(
  index: FinderIndex,
  set: Bitset,
  distances: Float64Array,
  now: number,
  offset: number,
  limit: number,
): number[] {
  const keep = offset + limit;
  const nextStart = (i: number) => nextOccurrenceOf(index.timeline, i, now)?.start ?? Infinity;
  const before = (a: number, b: number) =>
    (distances[a]! - distances[b]! || nextStart(a) - nextStart(b) || index.compareRecords(a, b)) <
    0;
  if (keep > 200) {
    const all: number[] = [];
    set.forEach((i) => all.push(i));
    return all.sort((a, b) => (before(a, b) ? -1 : 1)).slice(offset, keep);
  }
  const best: number[] = [];
  set.forEach((i) => {
    if (best.length === keep && !before(i, best[keep - 1]!)) return;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(best[mid]!, i)) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > keep) best.pop();
  });
  return best.slice(offset);
}

/**
 * Soonest first (in progress ones at the top), walking the sorted timeline until the page
 * is full: a first page touches a few dozen occurrences, not the directory.
 */
export function byNextOccurrence(
  index: FinderIndex,
  set: Bitset,
  now: number,
  offset: number,
  limit: number,
): number[] {
  const t = index.timeline;
  const keep = offset + limit;
  const total = set.count();
  // Walking the timeline visits about keep × occurrences / total positions: for a rare
  // combination, sorting the matches' next occurrences is far cheaper (and the same order).
  if (total * total * 8 < keep * t.start.length) {
    const positions = new Int32Array(total);
    let n = 0;
    set.forEach((r) => {
      for (let k = t.recordStart[r]!; k < t.recordStart[r + 1]!; k++) {
        const i = t.byRecord[k]!;
        if (t.end[i]! > now) {
          positions[n++] = i;
          break;
        }
      }
    });
    const sorted = positions.subarray(0, n).sort();
    return Array.from(sorted.subarray(offset, keep), (i) => t.record[i]!);
  }
  const stamp = index.nextStamp();
  const page: number[] = [];
  let skipped = 0;
  for (let i = lowerBound(t, now - DAY); i < t.start.length; i++) {
    if (t.end[i]! <= now) continue;
    const r = t.record[i]!;
    if (index.seen[r] === stamp || !set.has(r)) continue;
    index.seen[r] = stamp;
    if (skipped++ < offset) continue;
    page.push(r);
    if (page.length === limit) break;
  }
  return page;
}

export function cacheKey(query: FinderQuery, viewer: FinderViewer, now: number): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    // Repeatable filters are sets (order does not matter); `near` is a point (it does).
    const value = Array.isArray(v) && k !== 'near' ? [...v].map(String).sort() : v;
    parts.push(`${k}=${String(value)}`);
  }
  return [viewer.zone, viewer.locale, String(now), ...parts.sort()].join('&');
}
