/**
 * The finder's in-memory directory: every listed meeting as a precomputed record, a
 * MiniSearch text index, a set (bitset) per filter value, place names with coordinates and
 * the occurrence timeline. Built from the database in one go (finder.index-loader.ts), then
 * kept fresh one change at a time: `applyChanges` replaces the records of the meetings that
 * changed, synchronously, so a query (also synchronous) never sees a half-applied update.
 */
import type MiniSearch from 'minisearch';
import { timeOfDay, type TimeOfDay } from '../meetings/recurrence.ts';
import { offsetMinutesAt, pad2 } from '../meetings/time-zones.ts';
import type {
  DirectoryExceptionRow,
  DirectoryMeetingRow,
} from '../meetings/meetings.directory.service.ts';
import { Bitset } from './finder.bitset.ts';
import type { SearchDocument } from './finder.index-loader.ts';
import {
  compareSlugs,
  foldText,
  placeNamesOf,
  toFinderRecord,
  type FinderRecord,
} from './finder.records.ts';
import {
  buildTimeline,
  isTimelineValid,
  updateTimeline,
  type Timeline,
} from './finder.timeline.ts';
import { textQuery } from './finder.search-words.ts';

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

/** What changed, loaded: the meetings asked about and every meeting of the groups asked about. */
export interface LoadedChanges {
  meetingIds: readonly string[];
  groupIds: readonly string[];
  /** Their rows now (a meeting asked about and not here is gone from the directory). */
  rows: readonly DirectoryMeetingRow[];
  exceptions: readonly DirectoryExceptionRow[];
}

/** One place name's points: per record, its coordinates, how often it names it, and how. */
type PlacePoints = Map<number, { label: string; lat: number; lng: number; n: number }>;

export class FinderIndex {
  /** Record slots (bits in every set); some may be empty. Grows by doubling. */
  size: number;
  /** Bit `i` of every set is `records[i]`; an empty slot is undefined and in no set. */
  readonly records: (FinderRecord | undefined)[];
  /** Listed: a rule we can expand and a way to attend (not `inactive`). */
  listed: Bitset;
  hasCoordinates: Bitset;
  readonly byFocus = new Map<string, Bitset>();
  readonly byStage = new Map<string, Bitset>();
  readonly byAudience = new Map<string, Bitset>();
  readonly byLanguage = new Map<string, Bitset>();
  readonly byAttendance = new Map<string, Bitset>();
  readonly byType = new Map<string, Bitset>();
  /** Record numbers with coordinates, by latitude, for distance searches. */
  latOrder: Int32Array;
  latSorted: Float64Array;
  readonly places = new Map<string, Place>();
  /** Finished responses for this generation (see finder.service.ts). */
  readonly responses = new Map<string, FinderAnswer>();
  /** Scratch marks for walking the timeline without allocating. */
  seen: Int32Array;
  /**
   * Scratch space for one query at a time (queries run synchronously, start to finish), so
   * a search allocates next to nothing: the matching set, a facet set, distances.
   */
  scratch: { matching: Bitset; facet: Bitset; distances: Float64Array };
  private seenStamp = 0;
  private readonly zones: string[] = [];
  private readonly zoneIndex = new Map<string, number>();
  private recordZone: Uint16Array;
  private readonly slotOf = new Map<string, number>();
  /** Empty slots, to reuse before growing. */
  private readonly free: number[] = [];
  /** The document each record was added to the text search with (removing needs it). */
  private readonly documents: (SearchDocument | undefined)[];
  private readonly placePoints = new Map<string, PlacePoints>();
  private readonly dayTimeCache = new Map<string, DayTimeSets>();
  private readonly textCache = new Map<string, TextMatch>();
  private active: { at: number; set: Bitset } | null = null;
  private timelineRefresh: Promise<void> | null = null;
  /** Bumped by every applied change (a timeline built meanwhile is stale). */
  private changes = 0;

  constructor(
    public generation: number,
    public signature: string,
    /** One per slot (some may be empty), already in `search` with these `documents`. */
    records: readonly (FinderRecord | undefined)[],
    private readonly search: MiniSearch<SearchDocument>,
    private readonly documentOf: (record: FinderRecord) => SearchDocument,
    documents: readonly (SearchDocument | undefined)[],
    public timeline: Timeline,
    readonly stats: FinderIndexStats,
  ) {
    const size = records.length;
    this.size = size;
    this.records = records.slice();
    this.documents = documents.slice();
    this.seen = new Int32Array(size);
    this.scratch = {
      matching: new Bitset(size),
      facet: new Bitset(size),
      distances: new Float64Array(size),
    };
    this.listed = new Bitset(size);
    this.hasCoordinates = new Bitset(size);
    this.recordZone = new Uint16Array(size);
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i];
      if (r) this.slotOf.set(r.id, i);
      else this.free.push(i);
    }
    const keys = new Set<string>();
    for (const r of records) if (r) this.addRecord(r, keys);
    const withCoordinates = records.filter(
      (r): r is FinderRecord => r !== undefined && r.latitude !== null && r.longitude !== null,
    );
    withCoordinates.sort((a, b) => a.latitude! - b.latitude!);
    this.latOrder = Int32Array.from(withCoordinates, (r) => r.index);
    this.latSorted = Float64Array.from(withCoordinates, (r) => r.latitude!);
    for (const key of keys) this.updatePlace(key);
  }

  /** How many slots hold a meeting. */
  get meetingCount(): number {
    return this.slotOf.size;
  }

  /** Record order for ties (the order a full build numbers them in: by slug). */
  readonly compareRecords = (a: number, b: number): number =>
    compareSlugs(this.records[a]!.slug, this.records[b]!.slug);

  /**
   * Replaces the records of the meetings that changed with their rows now: new ones take an
   * empty slot (or a new one), gone ones leave theirs empty. Every set, the text search, the
   * latitude order, the places and the timeline follow; caches are emptied and the generation
   * becomes `generation`. Synchronous: no query runs in between.
   */
  applyChanges(changes: LoadedChanges, generation: number): void {
    const touched = new Set<number>();
    for (const id of changes.meetingIds) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) touched.add(slot);
    }
    if (changes.groupIds.length > 0) {
      const groups = new Set(changes.groupIds);
      this.records.forEach((r, i) => {
        if (r && groups.has(r.groupId)) touched.add(i);
      });
    }
    const exceptionsOf = new Map<string, DirectoryExceptionRow[]>();
    for (const e of changes.exceptions) {
      const list = exceptionsOf.get(e.meetingId);
      if (list) list.push(e);
      else exceptionsOf.set(e.meetingId, [e]);
    }
    const present = new Set(changes.rows.map((r) => r.id));
    const placeKeys = new Set<string>();
    // Gone first, so their slots can be taken by new ones.
    for (const slot of touched) {
      const old = this.records[slot]!;
      if (present.has(old.id)) continue;
      this.removeRecord(old, placeKeys);
      this.records[slot] = undefined;
      this.slotOf.delete(old.id);
      this.free.push(slot);
    }
    const newcomers = changes.rows.filter((row) => !this.slotOf.has(row.id)).length;
    if (newcomers > this.free.length) this.grow(this.size + newcomers - this.free.length);
    for (const row of changes.rows) {
      let slot = this.slotOf.get(row.id);
      if (slot === undefined) {
        slot = this.free.pop()!;
        this.slotOf.set(row.id, slot);
      } else {
        this.removeRecord(this.records[slot]!, placeKeys);
      }
      const record = toFinderRecord(row, slot, exceptionsOf.get(row.id));
      this.records[slot] = record;
      this.addRecord(record, placeKeys);
      touched.add(slot);
    }
    for (const key of placeKeys) this.updatePlace(key);
    const changed = [...touched];
    this.updateLatOrder(changed);
    this.timeline = updateTimeline(
      this.timeline,
      this.records,
      changed,
      this.size,
      this.compareRecords,
    );

    this.changes++;
    this.generation = generation;
    this.active = null;
    this.responses.clear();
    this.textCache.clear();
    this.dayTimeCache.clear();
    this.stats.meetings = this.slotOf.size;
    this.stats.listed = this.listed.count();
    this.stats.occurrences = this.timeline.start.length;
  }

  /** Adds a record to every set and the text search (its place names go to `placeKeys`). */
  private addRecord(r: FinderRecord, placeKeys: Set<string>): void {
    const i = r.index;
    let zone = this.zoneIndex.get(r.timezone);
    if (zone === undefined) {
      zone = this.zones.push(r.timezone) - 1;
      this.zoneIndex.set(r.timezone, zone);
    }
    this.recordZone[i] = zone;
    const add = (map: Map<string, Bitset>, key: string) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Bitset(this.size)));
      set.add(i);
    };
    const isListed = r.series !== null && r.attendance !== 'inactive';
    if (isListed) this.listed.add(i);
    if (r.latitude !== null && r.longitude !== null) this.hasCoordinates.add(i);
    for (const f of r.focusAreas) add(this.byFocus, f);
    add(this.byStage, r.stage);
    add(this.byAudience, r.audience);
    for (const l of r.languages) add(this.byLanguage, l);
    add(this.byAttendance, r.attendance);
    for (const t of r.types) add(this.byType, t);
    if (!this.documents[i]) {
      const document = this.documentOf(r);
      this.search.add(document);
      this.documents[i] = document;
    }
    if (isListed && r.latitude !== null && r.longitude !== null) {
      for (const name of placeNamesOf(r)) {
        const key = foldText(name);
        if (key.length < 2) continue;
        let points = this.placePoints.get(key);
        if (!points) this.placePoints.set(key, (points = new Map()));
        const mine = points.get(i);
        // A name folded the same twice (“Montréal”, “Montreal”) counts twice, labelled by the first.
        if (mine) mine.n++;
        else points.set(i, { label: name, lat: r.latitude, lng: r.longitude, n: 1 });
        placeKeys.add(key);
      }
    }
  }

  /** Takes a record out of every set, the text search and the places. */
  private removeRecord(r: FinderRecord, placeKeys: Set<string>): void {
    const i = r.index;
    const mask = ~(1 << (i & 31));
    const w = i >>> 5;
    const clear = (map: Map<string, Bitset>, key: string) => {
      const set = map.get(key);
      if (!set) return;
      set.words[w]! &= mask;
      // A value nobody uses any more is unknown again, as in a fresh build.
      if (set.words[w] === 0 && set.count() === 0) map.delete(key);
    };
    this.listed.words[w]! &= mask;
    this.hasCoordinates.words[w]! &= mask;
    for (const f of r.focusAreas) clear(this.byFocus, f);
    clear(this.byStage, r.stage);
    clear(this.byAudience, r.audience);
    for (const l of r.languages) clear(this.byLanguage, l);
    clear(this.byAttendance, r.attendance);
    for (const t of r.types) clear(this.byType, t);
    const document = this.documents[i];
    if (document) {
      this.search.remove(document);
      this.documents[i] = undefined;
    }
    if (r.latitude !== null && r.longitude !== null) {
      for (const name of placeNamesOf(r)) {
        const key = foldText(name);
        if (this.placePoints.get(key)?.delete(i)) placeKeys.add(key);
      }
    }
  }

  /**
   * A place name's entry from its points: the median coordinates of the listed meetings
   * naming it (the median shrugs off a few misplaced pins), labelled as the first of them
   * by slug names it.
   */
  private updatePlace(key: string): void {
    const points = this.placePoints.get(key);
    if (!points || points.size === 0) {
      this.placePoints.delete(key);
      this.places.delete(key);
      return;
    }
    const lats: number[] = [];
    const lngs: number[] = [];
    let first = -1;
    for (const [i, p] of points) {
      for (let n = 0; n < p.n; n++) {
        lats.push(p.lat);
        lngs.push(p.lng);
      }
      if (first < 0 || this.compareRecords(i, first) < 0) first = i;
    }
    this.places.set(key, {
      label: points.get(first)!.label,
      latitude: median(lats),
      longitude: median(lngs),
      count: lats.length,
    });
  }

  /** Moves the changed records in the latitude order (out, then back in where they belong). */
  private updateLatOrder(changed: readonly number[]): void {
    const isChanged = new Uint8Array(this.size);
    for (const i of changed) isChanged[i] = 1;
    const added = changed
      .map((i) => this.records[i])
      .filter((r): r is FinderRecord => !!r && r.latitude !== null && r.longitude !== null)
      .sort((a, b) => a.latitude! - b.latitude!);
    let kept = 0;
    for (const i of this.latOrder) if (!isChanged[i]) kept++;
    const total = kept + added.length;
    const order = new Int32Array(total);
    const sorted = new Float64Array(total);
    let k = 0;
    let a = 0;
    for (let n = 0; n < total; n++) {
      while (k < this.latOrder.length && isChanged[this.latOrder[k]!]) k++;
      const next = added[a];
      if (k < this.latOrder.length && (!next || this.latSorted[k]! <= next.latitude!)) {
        order[n] = this.latOrder[k]!;
        sorted[n] = this.latSorted[k++]!;
      } else {
        order[n] = next!.index;
        sorted[n] = next!.latitude!;
        a++;
      }
    }
    this.latOrder = order;
    this.latSorted = sorted;
  }

  /** Room for at least `wanted` slots: every set and scratch array grows (doubling). */
  private grow(wanted: number): void {
    let size = Math.max(64, this.size);
    while (size < wanted) size *= 2;
    const grown = (set: Bitset) => {
      const bigger = new Bitset(size);
      bigger.words.set(set.words);
      return bigger;
    };
    this.listed = grown(this.listed);
    this.hasCoordinates = grown(this.hasCoordinates);
    for (const map of [
      this.byFocus,
      this.byStage,
      this.byAudience,
      this.byLanguage,
      this.byAttendance,
      this.byType,
    ]) {
      for (const [key, set] of map) map.set(key, grown(set));
    }
    const seen = new Int32Array(size);
    seen.set(this.seen);
    this.seen = seen;
    const zones = new Uint16Array(size);
    zones.set(this.recordZone);
    this.recordZone = zones;
    this.scratch = {
      matching: new Bitset(size),
      facet: new Bitset(size),
      distances: new Float64Array(size),
    };
    for (let i = this.size; i < size; i++) {
      this.records.push(undefined);
      this.documents.push(undefined);
    }
    for (let i = size - 1; i >= this.size; i--) this.free.push(i);
    this.size = size;
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
      if (!r) continue;
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
    // Equal scores in record order (by slug), however the index was built or updated.
    hits.sort((a, b) => b.score - a.score || this.compareRecords(a.id as number, b.id as number));
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
    let bestKey = '';
    for (const [placeKey, place] of this.places) {
      if (!placeKey.startsWith(key) || (best && place.count < best.count)) continue;
      // Equal counts: the first name alphabetically, whatever order the places were added in.
      if (!best || place.count > best.count || placeKey < bestKey) {
        best = place;
        bestKey = placeKey;
      }
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

  /**
   * Starts one rebuild of the timeline; it replaces the old one and empties the caches. If
   * records changed meanwhile it is thrown away (`ensureTimeline` then builds another).
   */
  private startTimelineRefresh(now: Date): Promise<void> {
    const changes = this.changes;
    this.timelineRefresh = buildTimeline(this.records.slice(), now)
      .then((timeline) => {
        if (changes !== this.changes) return;
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

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
