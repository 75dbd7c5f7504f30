/**
 * The finder's in-memory directory: every listed meeting as a precomputed record, a
 * MiniSearch text index, a set (bitset) per filter value, place names with coordinates and
 * the occurrence timeline. Built from the database in one go and replaced whole, so a query
 * never sees a half-built index; `FinderIndexHolder` keeps it fresh on every directory change.
 */
import MiniSearch from 'minisearch';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { DirectoryEvents } from '../../lib/directory-events.ts';
import { timeOfDay, type TimeOfDay } from '../meetings/recurrence.ts';
import { offsetMinutesAt, pad2 } from '../meetings/time-zones.ts';
import { Bitset } from './finder.bitset.ts';
import {
  directorySignature,
  listDirectoryExceptions,
  listDirectoryMeetings,
  type DirectoryExceptionRow,
} from '../meetings/meetings.directory.service.ts';
import { foldText, placeNamesOf, toFinderRecord, type FinderRecord } from './finder.records.ts';
import {
  buildTimeline,
  isTimelineValid,
  type Timeline,
  type TimelineStats,
} from './finder.timeline.ts';

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
    const hits = this.search.search(words.slice(0, MAX_SEARCH_WORDS).join(' ') || key);
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
      if (!this.timelineRefresh) {
        this.timelineRefresh = buildTimeline(this.records, now)
          .then((timeline) => {
            this.timeline = timeline;
            this.active = null;
            this.responses.clear();
          })
          .finally(() => {
            this.timelineRefresh = null;
          });
      }
      await this.timelineRefresh;
    }
  }

  /** Rebuilds the timeline in the background once it is a day old. */
  refreshTimelineIfOld(now: Date): void {
    if (now.getTime() - this.timeline.builtFor > 24 * 60 * MINUTE && !this.timelineRefresh) {
      this.timelineRefresh = buildTimeline(this.records, now)
        .then((timeline) => {
          this.timeline = timeline;
          this.active = null;
          this.responses.clear();
        })
        .finally(() => {
          this.timelineRefresh = null;
        });
    }
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

interface SearchDocument {
  index: number;
  name: string;
  groupName: string;
  groupText: string;
  place: string;
  address: string;
}

const SEARCH_FIELDS = ['name', 'groupName', 'groupText', 'place', 'address'] as const;

function newSearch(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'index',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    processTerm: (term) => foldText(term) || null,
    searchOptions: {
      fuzzy: 0.2,
      prefix: true,
      maxFuzzy: 2,
      combineWith: 'AND',
      boost: { name: 3, groupName: 2, place: 1.5 },
    },
  });
}

function searchDocument(r: FinderRecord): SearchDocument {
  // Records hold only what the public may see (see toFinderRecord), so all of it is searchable.
  return {
    index: r.index,
    name: r.name,
    groupName: r.groupName,
    groupText: r.groupText,
    place: [r.city, ...r.regions, r.locationName].filter(Boolean).join(' '),
    address: r.address ?? '',
  };
}

/** Loads the directory and builds a complete index (yielding to the event loop as it goes). */
export async function buildFinderIndex(
  db: Db,
  clock: Clock,
  generation: number,
): Promise<FinderIndex> {
  const began = performance.now();
  const signature = await directorySignature(db);
  const rows = await listDirectoryMeetings(db);
  const exceptionRows = await listDirectoryExceptions(db);
  const loadMs = performance.now() - began;

  const exceptionsByMeeting = new Map<string, DirectoryExceptionRow[]>();
  for (const e of exceptionRows) {
    const list = exceptionsByMeeting.get(e.meetingId);
    if (list) list.push(e);
    else exceptionsByMeeting.set(e.meetingId, [e]);
  }
  const records: FinderRecord[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    records.push(toFinderRecord(rows[i]!, i, exceptionsByMeeting.get(rows[i]!.id)));
  }

  const search = newSearch();
  await search.addAllAsync(records.map(searchDocument), { chunkSize: 1000 });

  const timelineBegan = performance.now();
  const paths: TimelineStats = { fast: 0, slow: 0 };
  const timeline = await buildTimeline(records, clock.now(), paths);
  const timelineMs = performance.now() - timelineBegan;

  const index = new FinderIndex(generation, signature, records, search, timeline, {
    meetings: records.length,
    listed: 0,
    buildMs: 0,
    loadMs: Math.round(loadMs),
    timelineMs: Math.round(timelineMs),
    occurrences: timeline.start.length,
    fastPath: paths.fast,
    slowPath: paths.slow,
  });
  index.stats.listed = index.listed.count();
  index.stats.buildMs = Math.round(performance.now() - began);
  return index;
}

const DEBOUNCE_MS = 50;
/** Searches wait for a fresh index after a change only when a build takes less than this. */
const WAIT_FOR_FRESH_MS = 500;
const RECHECK_MS = 60_000;

/**
 * Holds the current index. Built on the first query. After a directory change a debounced
 * rebuild starts; the next search waits for it when builds are quick (< 0.5 s: a writer sees
 * their own change at once), else is answered from the previous index until the new one is
 * swapped in whole. Every minute a cheap fingerprint query catches changes whose event was lost.
 */
export class FinderIndexHolder {
  private current: FinderIndex | null = null;
  /** Bumped on every change; an index is fresh when built for the latest generation. */
  private wanted = 1;
  private building: { generation: number; promise: Promise<FinderIndex> } | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DirectoryEvents,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.unsubscribe = this.events.onChange(() => this.markChanged());
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.recheck) clearInterval(this.recheck);
    this.debounce = this.recheck = null;
  }

  /** The index built after the latest change, building it if needed. */
  async get(): Promise<FinderIndex> {
    const current = this.current;
    if (current && current.generation === this.wanted) return current;
    if (current && current.stats.buildMs > WAIT_FOR_FRESH_MS) {
      // A big directory takes seconds to rebuild: searches meanwhile get the previous index
      // (whole and consistent) instead of all waiting. A small one is quick to wait for.
      this.rebuild().catch((err) => this.log.error({ err }, 'finder index rebuild failed'));
      return current;
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const index = await this.rebuild();
        if (index.generation >= this.wanted || attempt === 2) return index;
      } catch (err) {
        if (!this.current) throw err;
        this.log.error({ err }, 'finder index rebuild failed; serving the previous one');
        return this.current;
      }
    }
    return this.current!;
  }

  /** The index as it is now, without waiting (null before the first build). */
  peek(): FinderIndex | null {
    return this.current;
  }

  private markChanged(): void {
    this.wanted++;
    if (!this.current) return; // nobody has searched yet: build lazily
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.rebuild().catch((err) => this.log.error({ err }, 'finder index rebuild failed'));
    }, DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** Starts (or joins) a build for the latest generation. */
  private rebuild(): Promise<FinderIndex> {
    const generation = this.wanted;
    if (this.building?.generation === generation) return this.building.promise;
    const previous = this.building?.promise.catch(() => null) ?? Promise.resolve(null);
    const promise = previous
      .then(() => buildFinderIndex(this.db, this.clock, generation))
      .then((index) => {
        if (!this.current || index.generation > this.current.generation) this.current = index;
        this.log.info({ finderIndex: index.stats }, 'finder index built');
        this.startRecheck();
        return index;
      })
      .finally(() => {
        if (this.building?.promise === promise) this.building = null;
      });
    this.building = { generation, promise };
    return promise;
  }

  private startRecheck(): void {
    if (this.recheck) return;
    this.recheck = setInterval(() => void this.safetyCheck(), RECHECK_MS);
    this.recheck.unref();
  }

  private async safetyCheck(): Promise<void> {
    const current = this.current;
    if (!current || this.building) return;
    try {
      const signature = await directorySignature(this.db);
      if (signature !== current.signature && this.current === current) this.markChanged();
      else current.refreshTimelineIfOld(this.clock.now());
    } catch (err) {
      this.log.warn({ err }, 'finder index re-check failed');
    }
  }
}
