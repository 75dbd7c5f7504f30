/**
 * Loading the finder's index from the directory and keeping it fresh: the text-search
 * documents, a full build (buildFinderIndex) and the holder that rebuilds on every change.
 */
import type { FastifyBaseLogger } from 'fastify';
import MiniSearch from 'minisearch';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { DirectoryEvents } from '../../lib/directory-events.ts';
import {
  directorySignature,
  listDirectoryExceptions,
  listDirectoryMeetings,
  type DirectoryExceptionRow,
} from '../meetings/meetings.directory.service.ts';
import { FinderIndex } from './finder.index.ts';
import { foldText, toFinderRecord, type FinderRecord } from './finder.records.ts';
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

const SEARCH_FIELDS = ['name', 'groupName', 'groupText', 'place', 'address', 'labels'] as const;

function newSearch(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    idField: 'index',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    processTerm: indexTerms(foldText),
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
    labels: searchWordsOf(r),
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
