/**
 * The finder's in-memory directory: every listed meeting as a precomputed record, a
 * MiniSearch text index, a set (bitset) per filter value, place names with coordinates and
 * the occurrence timeline. Built from the database in one go (finder.index-loader.ts), then
 * kept fresh one change at a time: `applyChanges` replaces the records of the meetings that
 * changed, synchronously, so a query (also synchronous) never sees a half-applied update.
 */
import type MiniSearch from 'minisearch';
import type {
  DirectoryExceptionRow,
  DirectoryMeetingRow,
} from '../meetings/meetings.directory.service.ts';
import { Bitset } from './finder.bitset.ts';
import { buildDayTimeSets, zoneDeltas, type DayTimeSets } from './finder.day-time.ts';
import {
  latitudeOrder,
  PlaceNames,
  updateLatitudeOrder,
  type LatitudeOrder,
  type Place,
} from './finder.geo.ts';
import type { SearchDocument } from './finder.index-loader.ts';
import { scoreWord, SOUND_SCORING, WORD_SCORING } from './finder.text-score.ts';
import { compareSlugs, foldText, toFinderRecord, type FinderRecord } from './finder.records.ts';
import {
  buildTimeline,
  isTimelineValid,
  updateTimeline,
  type Timeline,
} from './finder.timeline.ts';
import { soundOf } from './finder.search-words.ts';

export { BANDS } from './finder.day-time.ts';
export type { Place } from './finder.geo.ts';

const MINUTE = 60_000;
const MAX_SEARCH_WORDS = 6;
/** Words whose matches are remembered (each a bitset and its hits: ~3–30 KB at 20k meetings). */
const MAX_CACHED_WORDS = 2000;

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

/** Searches, with its matches in relevance order. */
export interface TextMatch {
  set: Bitset;
  order: Int32Array;
}

/** One word's matches and their scores (MiniSearch's, for that word alone). */
interface WordMatch {
  set: Bitset;
  ids: Int32Array;
  scores: Float64Array;
}

/** What changed, loaded: the meetings asked about and every meeting of the groups asked about. */
export interface LoadedChanges {
  meetingIds: readonly string[];
  groupIds: readonly string[];
  /** Their rows now (a meeting asked about and not here is gone from the directory). */
  rows: readonly DirectoryMeetingRow[];
  exceptions: readonly DirectoryExceptionRow[];
}

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
  latitudes: LatitudeOrder;
  /** Finished responses for this generation (see finder.service.ts). */
  readonly responses = new Map<string, FinderAnswer>();
  /** Scratch marks for walking the timeline without allocating. */
  seen: Int32Array;
  /**
   * Scratch space for one query at a time (queries run synchronously, start to finish), so
   * a search allocates next to nothing: the matching set, a facet set, distances.
   */
  scratch: {
    matching: Bitset;
    facet: Bitset;
    distances: Float64Array;
    scores: Float64Array;
    part: Float64Array;
    word: Float64Array;
  };
  private seenStamp = 0;
  private readonly zones: string[] = [];
  private readonly zoneIndex = new Map<string, number>();
  private recordZone: Uint16Array;
  private readonly slotOf = new Map<string, number>();
  /** Empty slots, to reuse before growing. */
  private readonly free: number[] = [];
  /** The document each record was added to the text search with (removing needs it). */
  private readonly documents: (SearchDocument | undefined)[];
  private readonly places = new PlaceNames((a, b) => this.compareRecords(a, b));
  private readonly dayTimeCache = new Map<string, DayTimeSets>();
  private readonly textCache = new Map<string, TextMatch>();
  private readonly wordCache = new Map<string, WordMatch>();
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
      scores: new Float64Array(size),
      part: new Float64Array(size),
      word: new Float64Array(size),
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
    this.latitudes = latitudeOrder(records);
    for (const key of keys) this.places.refresh(key);
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
    for (const key of placeKeys) this.places.refresh(key);
    const changed = [...touched];
    this.latitudes = updateLatitudeOrder(this.latitudes, this.records, changed, this.size);
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
    this.wordCache.clear();
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
    if (isListed) this.places.add(r, placeKeys);
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
    this.places.remove(r, placeKeys);
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
      scores: new Float64Array(size),
      part: new Float64Array(size),
      word: new Float64Array(size),
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
    const deltas = zoneDeltas(this.zones, viewerZone, now);
    const key = deltas.join(',');
    const cached = this.dayTimeCache.get(key);
    if (cached) return cached;
    const sets = buildDayTimeSets(this.records, this.recordZone, deltas, this.size);
    if (this.dayTimeCache.size > 64) this.dayTimeCache.clear();
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
    let match: TextMatch;
    if (asked.length) {
      match = this.allWords(asked, false);
      // Nothing by spelling: by spelling or by sound.
      if (match.order.length === 0) match = this.allWords(asked, true);
    } else {
      // Only one-letter words: MiniSearch's own search of the text as it is.
      const hits = this.search.search(key);
      hits.sort((a, b) => b.score - a.score || this.compareRecords(a.id as number, b.id as number));
      const set = new Bitset(this.size);
      for (const hit of hits) set.add(hit.id as number);
      match = { set, order: Int32Array.from(hits, (hit) => hit.id as number) };
    }
    if (this.textCache.size > 500) this.textCache.clear();
    this.textCache.set(key, match);
    return match;
  }

  /**
   * Records matching every word, best first, scored as MiniSearch scores the AND query
   * `textQuery(words, bySound)` (each word's score summed, times the number of distinct query
   * terms — words, and sounds — a record matched). A word's matches are remembered
   * (`wordCache`): searches share their words far more than their whole text, and the fuzzy
   * lookup of a word is what a text search costs.
   */
  private allWords(words: readonly string[], bySound: boolean): TextMatch {
    const perWord = words.map((word) => {
      const spelt = this.wordMatches(word, false);
      const sound = bySound ? soundOf(word) : null;
      return { word, spelt, sound, sounded: sound ? this.wordMatches(sound, true) : null };
    });
    let set: Bitset | null = null;
    for (const { spelt, sounded } of perWord) {
      const either = sounded ? spelt.set.clone().or(sounded.set) : spelt.set;
      set = set ? set.and(either) : either.clone();
    }
    const all = set ?? new Bitset(this.size);
    const { scores: total, part } = this.scratch;
    // Word by word, its spelling then its sound: MiniSearch's order of additions (equal sums).
    perWord.forEach(({ spelt, sounded }, k) => {
      all.forEach((i) => (part[i] = 0));
      for (const m of sounded ? [spelt, sounded] : [spelt]) {
        for (let n = 0; n < m.ids.length; n++) {
          const i = m.ids[n]!;
          if (all.has(i)) part[i]! += m.scores[n]!;
        }
      }
      all.forEach((i) => (total[i] = k === 0 ? part[i]! : total[i]! + part[i]!));
    });
    const distinctWords = new Set(words).size;
    const ids: number[] = [];
    all.forEach((i) => {
      total[i]! *= bySound ? termsMatched(perWord, i) : distinctWords;
      ids.push(i);
    });
    ids.sort((a, b) => total[b]! - total[a]! || this.compareRecords(a, b));
    return { set: all, order: Int32Array.from(ids) };
  }

  /**
   * One term's matches with their scores: a word by spelling (fuzzy and prefix), or a sound
   * exactly, in the fields that keep sounds.
   */
  private wordMatches(term: string, isSound: boolean): WordMatch {
    const key = isSound ? term : `${term}\u0000`;
    const cached = this.wordCache.get(key);
    if (cached) return cached;
    // Kept all zero between calls (scoreWord's contract).
    const score = this.scratch.word;
    const found: number[] = [];
    scoreWord(this.search, term, isSound ? SOUND_SCORING : WORD_SCORING, score, found);
    const set = new Bitset(this.size);
    const ids = Int32Array.from(found);
    const scores = new Float64Array(found.length);
    found.forEach((i, n) => {
      scores[n] = score[i]!;
      score[i] = 0;
      set.add(i);
    });
    if (this.wordCache.size >= MAX_CACHED_WORDS) this.wordCache.clear();
    const match = { set, ids, scores };
    this.wordCache.set(key, match);
    return match;
  }

  /** A town or region by name: exact (ignoring case and accents), else the best prefix match. */
  findPlace(name: string): Place | null {
    return this.places.find(name);
  }

  /** The town or region with exactly this name (ignoring case and accents). */
  exactPlace(name: string): Place | null {
    return this.places.exact(name);
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

/**
 * How many distinct query terms (words by spelling, their sounds) record `i` matched:
 * MiniSearch multiplies a result's score by it.
 */
function termsMatched(
  perWord: readonly {
    word: string;
    spelt: WordMatch;
    sound: string | null;
    sounded: WordMatch | null;
  }[],
  i: number,
): number {
  const terms: string[] = [];
  for (const { word, spelt, sound, sounded } of perWord) {
    if (spelt.set.has(i) && !terms.includes(word)) terms.push(word);
    if (sound && sounded?.set.has(i) && !terms.includes(sound)) terms.push(sound);
  }
  return terms.length;
}
