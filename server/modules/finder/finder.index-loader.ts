/**
 * Loading the finder's index from the directory and keeping it fresh: the text-search
 * documents, a full build (buildFinderIndex) and the holder that applies every change.
 */
import type { FastifyBaseLogger } from 'fastify';
import MiniSearch from 'minisearch';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { DirectoryChange, DirectoryEvents } from '../../lib/directory-events.ts';
import {
  directorySignature,
  listDirectoryExceptions,
  listDirectoryExceptionsFor,
  listDirectoryMeetings,
  listDirectoryMeetingsFor,
  type DirectoryExceptionRow,
} from '../meetings/meetings.directory.service.ts';
import { FinderIndex, type LoadedChanges } from './finder.index.ts';
import { SEARCH_FIELDS, WORD_SCORING } from './finder.text-score.ts';
import { compareSlugs, foldText, toFinderRecord, type FinderRecord } from './finder.records.ts';
import { indexTerms, searchWordsOf } from './finder.search-words.ts';
import { buildTimeline, type TimelineStats } from './finder.timeline.ts';

export interface SearchDocument {
  index: number;
  name: string;
  groupName: string;
  groupText: string;
  place: string;
  address: string;
  /** Focus areas, languages, types… by name in every interface language (search-words). */
  labels: string;
}

export function newSearch(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'index',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    processTerm: indexTerms(foldText),
    searchOptions: {
      ...WORD_SCORING,
      fields: [...SEARCH_FIELDS],
      prefix: true,
      combineWith: 'AND',
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
    labels: searchWordsOf(r),
  };
}

/** Spare slots a full build leaves for meetings added later (before the sets must grow). */
const spareSlots = (n: number) => Math.max(64, n >>> 3);

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
  // Records are numbered by slug in code-unit order (the database's collation may differ),
  // the order an updated index breaks ties in too.
  rows.sort((a, b) => compareSlugs(a.slug, b.slug));

  const exceptionsByMeeting = new Map<string, DirectoryExceptionRow[]>();
  for (const e of exceptionRows) {
    const list = exceptionsByMeeting.get(e.meetingId);
    if (list) list.push(e);
    else exceptionsByMeeting.set(e.meetingId, [e]);
  }
  const records: (FinderRecord | undefined)[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    records.push(toFinderRecord(rows[i]!, i, exceptionsByMeeting.get(rows[i]!.id)));
  }
  const documents = (records as FinderRecord[]).map(searchDocument);
  const search = newSearch();
  await search.addAllAsync(documents, { chunkSize: 1000 });
  for (let i = spareSlots(rows.length); i > 0; i--) records.push(undefined);

  const timelineBegan = performance.now();
  const paths: TimelineStats = { fast: 0, slow: 0 };
  const timeline = await buildTimeline(records, clock.now(), paths);
  const timelineMs = performance.now() - timelineBegan;

  const index = new FinderIndex(
    generation,
    signature,
    records,
    search,
    searchDocument,
    documents,
    timeline,
    {
      meetings: rows.length,
      listed: 0,
      buildMs: 0,
      loadMs: Math.round(loadMs),
      timelineMs: Math.round(timelineMs),
      occurrences: timeline.start.length,
      fastPath: paths.fast,
      slowPath: paths.slow,
    },
  );
  index.stats.listed = index.listed.count();
  index.stats.buildMs = Math.round(performance.now() - began);
  return index;
}

/** Loads the rows a change touched (a meeting, a group's meetings), ready to apply. */
async function loadChanges(
  db: Db,
  meetingIds: readonly string[],
  groupIds: readonly string[],
): Promise<LoadedChanges> {
  const rows = await listDirectoryMeetingsFor(db, { meetingIds, groupIds });
  const exceptions = await listDirectoryExceptionsFor(
    db,
    rows.map((r) => r.id),
  );
  return { meetingIds, groupIds, rows, exceptions };
}

/**
 * A full rebuild is waited for by searches up to this many meetings (well under half a second
 * unloaded); a bigger directory keeps answering from the current index meanwhile. Decided by
 * size, not by the last build's time, so a busy machine answers the same way as a quiet one.
 */
const WAIT_FOR_FRESH_MEETINGS = 5_000;
const RECHECK_MS = 60_000;
/** Past this many meetings or groups at once, one full build is quicker than updates. */
const MAX_UPDATE_MEETINGS = 2000;
const MAX_UPDATE_GROUPS = 200;

interface Pending {
  generation: number;
  change: DirectoryChange;
}

/**
 * Holds the current index. Built on the first query. A directory change names what it
 * touched: those meetings are reloaded and applied to the index in place (a few
 * milliseconds), between requests, and searches wait for it so a writer sees their change at
 * once. Changes arriving meanwhile are applied together next. "Everything changed" (imports,
 * the demo) rebuilds the whole index: the next search waits for it when builds are quick
 * (up to 5,000 meetings), else is answered from the current index until the new one is swapped in whole.
 * Every minute a cheap fingerprint query catches changes whose event was lost.
 */
export class FinderIndexHolder {
  private current: FinderIndex | null = null;
  /** Bumped on every change; the index is fresh when its generation is the latest. */
  private wanted = 1;
  /** Changes not yet in the current index, oldest first. */
  private pending: Pending[] = [];
  private working: Promise<void> | null = null;
  private waiters: { generation: number; resolve: () => void }[] = [];
  private recheck: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DirectoryEvents,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.unsubscribe = this.events.onChange((change) => this.markChanged(change));
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.recheck) clearInterval(this.recheck);
    this.recheck = null;
  }

  /** The index with every change so far, building or updating it if needed. */
  async get(): Promise<FinderIndex> {
    const current = this.current;
    if (current && current.generation === this.wanted) return current;
    const generation = this.wanted;
    const fresh = this.waitFor(generation);
    this.work();
    if (
      current &&
      this.needsFullBuild(current) &&
      current.stats.meetings > WAIT_FOR_FRESH_MEETINGS
    ) {
      // A big directory takes seconds to rebuild: searches meanwhile get the current index
      // (whole and consistent) instead of all waiting. Updates are quick to wait for.
      return current;
    }
    await fresh;
    if (this.current) return this.current;
    // The first build failed: try once more, else say so.
    this.work();
    await this.waitFor(generation);
    if (!this.current) throw new Error('the finder index could not be built');
    return this.current;
  }

  /** The index as it is now, without waiting (null before the first build). */
  peek(): FinderIndex | null {
    return this.current;
  }

  private markChanged(change: DirectoryChange): void {
    this.wanted++;
    if (!this.current && !this.working) return; // nobody has searched yet: build lazily
    this.pending.push({ generation: this.wanted, change });
    this.work();
  }

  /** Resolves once the index has caught up with `generation` (or an attempt failed). */
  private waitFor(generation: number): Promise<void> {
    if (this.current && this.current.generation >= generation) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ generation, resolve }));
  }

  /** Starts the update loop unless it runs. */
  private work(): void {
    if (this.working) return;
    let failed = false;
    this.working = this.catchUp()
      .catch((err: unknown) => {
        failed = true;
        this.log.error({ err }, 'finder index update failed');
      })
      .finally(() => {
        this.working = null;
        // A change heard as the loop ended; a failed attempt is tried again on next use.
        if (!failed && !this.stopped && this.current && this.current.generation < this.wanted) {
          this.work();
          return;
        }
        // Whoever waited gets what there is.
        const waiting = this.waiters;
        this.waiters = [];
        for (const w of waiting) w.resolve();
      });
  }

  /** Builds, then applies changes until the index has them all (one step at a time). */
  private async catchUp(): Promise<void> {
    // A burst of changes in one tick is applied together.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.stopped && (!this.current || this.current.generation < this.wanted)) {
      const current = this.current;
      const target = this.wanted;
      if (!current || this.needsFullBuild(current)) {
        const index = await buildFinderIndex(this.db, this.clock, target);
        this.current = index;
        this.log.info({ finderIndex: index.stats }, 'finder index built');
        this.startRecheck();
      } else {
        const began = performance.now();
        const meetingIds = new Set<string>();
        const groupIds = new Set<string>();
        for (const p of this.pending) {
          if (p.generation > target || p.change === 'all') continue;
          for (const id of p.change.meetings ?? []) meetingIds.add(id);
          for (const id of p.change.groups ?? []) groupIds.add(id);
        }
        const loaded = await loadChanges(this.db, [...meetingIds], [...groupIds]);
        // From here to the end of the step, synchronous: no query sees it half done.
        current.applyChanges(loaded, target);
        this.log.debug(
          { meetings: loaded.rows.length, ms: Math.round(performance.now() - began) },
          'finder index updated',
        );
        this.resolveWaiters();
        // The fingerprint for the minute re-check, read after the update so searches need not
        // wait for it. A change committed in between has its own event coming.
        const signature = await directorySignature(this.db);
        if (current.generation === target) current.signature = signature;
      }
      this.resolveWaiters();
    }
  }

  /** Lets go of the searches waiting for changes now in the index. */
  private resolveWaiters(): void {
    const done = this.current!.generation;
    this.pending = this.pending.filter((p) => p.generation > done);
    this.waiters = this.waiters.filter((w) => {
      if (w.generation > done) return true;
      w.resolve();
      return false;
    });
  }

  /** Whether the changes not yet applied call for a whole new index. */
  private needsFullBuild(index: FinderIndex): boolean {
    let meetings = 0;
    let groups = 0;
    let first = true;
    for (const p of this.pending) {
      if (p.generation <= index.generation) continue;
      if (first && p.generation !== index.generation + 1) return true; // lost track
      first = false;
      if (p.change === 'all') return true;
      meetings += p.change.meetings?.length ?? 0;
      groups += p.change.groups?.length ?? 0;
    }
    if (first && index.generation < this.wanted) return true;
    // Many emptied slots (removals) are compacted by a fresh build.
    if (index.size > 1024 && index.meetingCount < index.size / 2) return true;
    return meetings > MAX_UPDATE_MEETINGS || groups > MAX_UPDATE_GROUPS;
  }

  private startRecheck(): void {
    if (this.recheck) return;
    this.recheck = setInterval(() => void this.safetyCheck(), RECHECK_MS);
    this.recheck.unref();
  }

  private async safetyCheck(): Promise<void> {
    const current = this.current;
    if (!current || this.working) return;
    try {
      const signature = await directorySignature(this.db);
      if (signature !== current.signature && this.current === current) this.markChanged('all');
      else current.refreshTimelineIfOld(this.clock.now());
    } catch (err) {
      this.log.warn({ err }, 'finder index re-check failed');
    }
  }
}
