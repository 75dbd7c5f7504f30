/**
 * The finder's in-memory directory: every listed meeting as a precomputed record, a
 * MiniSearch text index, a set (bitset) per filter value, place names with coordinates and
 * the occurrence timeline. Built from the database in one go and replaced whole, so a query
 * never sees a half-built index; finder.index-loader.ts builds it and keeps it fresh.
 */
import type MiniSearch from 'minisearch';
import { timeOfDay, type TimeOfDay } from '../meetings/recurrence.ts';
import { offsetMinutesAt, pad2 } from '../meetings/time-zones.ts';
import { Bitset } from './finder.bitset.ts';
import type { SearchDocument } from './finder.index-loader.ts';
import { foldText, placeNamesOf, type FinderRecord } from './finder.records.ts';
import { textQuery } from './finder.search-words.ts';
import { buildTimeline, isTimelineValid, type Timeline } from './finder.timeline.ts';

const MINUTE = 60_000;
const MAX_SEARCH_WORDS = 6;
const WEEK_MINUTES = 7 * 24 * 60;
const BAND_BY_HOUR: TimeOfDay[] = Array.from({ length: 24 }, (_, h) => timeOfDay(`${pad2(h)}:00`));
export const BANDS: readonly TimeOfDay[] = ['morning', 'midday', 'evening', 'night'];

export interface Place {
  label: string;
  latitude: number;
  longitude: number;
  /** How many meetings name it. */
  count: number;
}

export type ContentEncoding = 'br' | 'gzip';

/** A finished answer: JSON text, its ETag, and compressed copies made on demand. */
export interface FinderAnswer {
  body: string;
  /** Weak: the same answer whatever the content encoding. */
  etag: string;
  encoded: Partial<Record<ContentEncoding, Promise<Buffer>>>;
}

export interface FinderIndexStats {
  meetings: number;
  listed: number;
  buildMs: number;
  loadMs: number;
  timelineMs: number;
  occurrences: number;
  fastPath: number;
  slowPath: number;
}

interface DayTimeSets {
  day: Bitset[];
  time: Bitset[];
}

/** Searches, with its matches in relevance order. */
export interface TextMatch {
  set: Bitset;
  order: Int32Array;
}

export class FinderIndex {
  /** Bit `i` of every set is `records[i]`. */
  readonly size: number;
  /** Listed: a rule we can expand and a way to attend (not `inactive`). */
  readonly listed: Bitset;
  readonly hasCoordinates: Bitset;
  readonly byFocus = new Map<string, Bitset>();
  readonly byStage = new Map<string, Bitset>();
  readonly byAudience = new Map<string, Bitset>();
  readonly byLanguage = new Map<string, Bitset>();
  readonly byAttendance = new Map<string, Bitset>();
  readonly byType = new Map<string, Bitset>();
  /** Record numbers with coordinates, by latitude, for distance searches. */
  readonly latOrder: Int32Array;
  readonly latSorted: Float64Array;
  readonly places: Map<string, Place>;
  /** Finished responses for this generation (see finder.service.ts). */
  readonly responses = new Map<string, FinderAnswer>();
  /** Scratch marks for walking the timeline without allocating. */
  readonly seen: Int32Array;
  /**
   * Scratch space for one query at a time (queries run synchronously, start to finish), so
   * a search allocates next to nothing: the matching set, a facet set, distances.
   */
  readonly scratch: { matching: Bitset; facet: Bitset; distances: Float64Array };
  private seenStamp = 0;
  private readonly zones: string[];
  private readonly recordZone: Uint16Array;
  private readonly dayTimeCache = new Map<string, DayTimeSets>();
  private readonly textCache = new Map<string, TextMatch>();
  private active: { at: number; set: Bitset } | null = null;
  private timelineRefresh: Promise<void> | null = null;

  constructor(
    readonly generation: number,
    readonly signature: string,
    readonly records: FinderRecord[],
    private readonly search: MiniSearch<SearchDocument>,
    public timeline: Timeline,
    readonly stats: FinderIndexStats,
  ) {
    const size = records.length;
    this.size = size;
    this.seen = new Int32Array(size);
    this.scratch = {
      matching: new Bitset(size),
      facet: new Bitset(size),
      distances: new Float64Array(size),
    };
    this.listed = new Bitset(size);
    this.hasCoordinates = new Bitset(size);
    this.zones = [...new Set(records.map((r) => r.timezone))];
    const zoneIndex = new Map(this.zones.map((z, i) => [z, i]));
    this.recordZone = new Uint16Array(size);
    const add = (map: Map<string, Bitset>, key: string, i: number) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Bitset(size)));
      set.add(i);
    };
    for (const r of records) {
      const i = r.index;
      this.recordZone[i] = zoneIndex.get(r.timezone)!;
      if (r.series && r.attendance !== 'inactive') this.listed.add(i);
      if (r.latitude !== null && r.longitude !== null) this.hasCoordinates.add(i);
      for (const f of r.focusAreas) add(this.byFocus, f, i);
      add(this.byStage, r.stage, i);
      add(this.byAudience, r.audience, i);
      for (const l of r.languages) add(this.byLanguage, l, i);
      add(this.byAttendance, r.attendance, i);
      for (const t of r.types) add(this.byType, t, i);
    }
    const withCoordinates = records.filter((r) => r.latitude !== null && r.longitude !== null);
    withCoordinates.sort((a, b) => a.latitude! - b.latitude!);
    this.latOrder = Int32Array.from(withCoordinates, (r) => r.index);
    this.latSorted = Float64Array.from(withCoordinates, (r) => r.latitude!);
    this.places = collectPlaces(records, this.listed);
  }

  /** A fresh mark for `seen` (records marked with it were visited in this walk). */
  nextStamp(): number {
    if (++this.seenStamp >= 0x7fffffff) {
      this.seen.fill(0);
      this.seenStamp = 1;
    }
    return this.seenStamp;
  }

  /** Records with an occurrence in progress or still to come at `now`. */
  activeAt(now: number): Bitset {
    if (this.active?.at === now) return this.active.set;
    const set = this.listed.clone();
    const lastEnd = this.timeline.lastEnd;
    set.forEach((i) => {
      if (lastEnd[i]! <= now) set.words[i >>> 5]! &= ~(1 << (i & 31));
    });
    this.active = { at: now, set };
    return set;
  }

  /**
   * Weekday and time-of-day sets as a viewer in `viewerZone` reads them at `now`: each
   * meeting's local schedule moved by the difference between the two zones' offsets.
   */
  dayTimeSets(viewerZone: string, now: number): DayTimeSets {
    const viewerOffset = cachedOffset(viewerZone, now);
    const deltas = this.zones.map((z) => viewerOffset - cachedOffset(z, now));
    const key = deltas.join(',');
    const cached = this.dayTimeCache.get(key);
    if (cached) return cached;
    const day = Array.from({ length: 7 }, () => new Bitset(this.size));
    const time = BANDS.map(() => new Bitset(this.size));
    for (const r of this.records) {
      const delta = deltas[this.recordZone[r.index]!]!;
      for (const wd of r.localWeekdays) {
        const m =
          (((wd * 1440 + r.startMinutes + delta) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
        day[Math.floor(m / 1440)]!.add(r.index);
        time[BANDS.indexOf(BAND_BY_HOUR[Math.floor((m % 1440) / 60)]!)]!.add(r.index);
      }
    }
    if (this.dayTimeCache.size > 64) this.dayTimeCache.clear();
    const sets = { day, time };
    this.dayTimeCache.set(key, sets);
    return sets;
  }

  /** Typo-tolerant matches for `q`, best first; remembered per text. */
  textMatches(q: string): TextMatch {
    const key = foldText(q);
    const cached = this.textCache.get(key);
    if (cached) return cached;
    // Fuzzy prefix search costs per word: a handful of words of two letters or more is plenty.
    const words = key.split(/[\s\p{P}]+/u).filter((w) => w.length >= 2);
    const asked = words.slice(0, MAX_SEARCH_WORDS);
    let hits = this.search.search(asked.length ? textQuery(asked) : key);
    if (!hits.length && asked.length) hits = this.search.search(textQuery(asked, true));
    const set = new Bitset(this.size);
    const order = new Int32Array(hits.length);
    hits.forEach((hit, n) => {
      order[n] = hit.id as number;
      set.add(hit.id as number);
    });
    if (this.textCache.size > 500) this.textCache.clear();
    const match = { set, order };
    this.textCache.set(key, match);
    return match;
  }

  /** A town or region by name: exact (ignoring case and accents), else the best prefix match. */
  findPlace(name: string): Place | null {
    const key = foldText(name);
    const exact = this.places.get(key);
    if (exact) return exact;
    let best: Place | null = null;
    for (const [placeKey, place] of this.places) {
      if (placeKey.startsWith(key) && (!best || place.count > best.count)) best = place;
    }
    return best;
  }

  /**
   * Makes sure the timeline covers `now` (a week after it was built it is rebuilt; a clock
   * far from it, as in tests, rebuilds it at once).
   */
  async ensureTimeline(now: Date): Promise<void> {
    while (!isTimelineValid(this.timeline, now.getTime())) {
      await (this.timelineRefresh ?? this.startTimelineRefresh(now));
    }
  }

  /** Rebuilds the timeline in the background once it is a day old. */
  refreshTimelineIfOld(now: Date): void {
    if (now.getTime() - this.timeline.builtFor > 24 * 60 * MINUTE && !this.timelineRefresh) {
      void this.startTimelineRefresh(now);
    }
  }

  /** Starts one rebuild of the timeline; it replaces the old one and empties the caches. */
  private startTimelineRefresh(now: Date): Promise<void> {
    this.timelineRefresh = buildTimeline(this.records, now)
      .then((timeline) => {
        this.timeline = timeline;
        this.active = null;
        this.responses.clear();
      })
      .finally(() => {
        this.timelineRefresh = null;
      });
    return this.timelineRefresh;
  }
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

/**
 * Place names (towns, regions) with the median coordinates of the listed meetings naming
 * them — the median shrugs off a few misplaced pins.
 */
function collectPlaces(records: readonly FinderRecord[], listed: Bitset): Map<string, Place> {
  const points = new Map<string, { label: string; lats: number[]; lngs: number[] }>();
  for (const r of records) {
    if (r.latitude === null || r.longitude === null || !listed.has(r.index)) continue;
    for (const name of placeNamesOf(r)) {
      const key = foldText(name);
      if (key.length < 2) continue;
      let p = points.get(key);
      if (!p) points.set(key, (p = { label: name, lats: [], lngs: [] }));
      p.lats.push(r.latitude);
      p.lngs.push(r.longitude);
    }
  }
  const places = new Map<string, Place>();
  for (const [key, p] of points) {
    places.set(key, {
      label: p.label,
      latitude: median(p.lats),
      longitude: median(p.lngs),
      count: p.lats.length,
    });
  }
  return places;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
