/**
 * Answers finder queries from the in-memory index: no database query per request once the
 * index is built. Each filter is a set; the result is their intersection; facet counts use
 * every other filter. Finished responses are kept per index generation, viewer zone and
 * minute, so a popular search is computed once a minute at most.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import {
  AUDIENCES,
  FINDER_ATTENDANCE,
  FINDER_DEFAULT_PAGE_SIZE,
  FINDER_DEFAULT_RADIUS,
  FOCUS_AREAS,
  STAGES,
  type DistanceUnits,
  type FinderQuery,
  type FinderResponse,
} from '../../../contracts/finder.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { DirectoryEvents } from '../../lib/directory-events.ts';
import { invalidField } from '../../lib/errors.ts';
import { isKnownType } from '../meeting-guide/meeting-guide.types.ts';
import { Bitset, unionOf } from './finder.bitset.ts';
import { findPlaceNamed, type NamedPlace } from './finder.gazetteer.ts';
import { FinderIndexHolder } from './finder.index-loader.ts';
import {
  BANDS,
  type ContentEncoding,
  type FinderAnswer,
  type FinderIndex,
} from './finder.index.ts';

export type { ContentEncoding, FinderAnswer };
import { finderResultJson } from './finder.presenter.ts';
import {
  checkKnown,
  facetValues,
  facet,
  happeningSet,
  withinRadius,
  inOrder,
  byDistance,
  byNextOccurrence,
  cacheKey,
  round1,
} from './finder.query.ts';
import { nextOccurrenceOf } from './finder.timeline.ts';

const MINUTE = 60_000;
const KM_PER_MILE = 1.609344;
const MAX_CACHED_RESPONSES = 2000;

/** The benchmark turns the response cache off to measure what a query costs to compute. */
export const finderTuning = { responseCache: true };

/** How often a search was answered from the per-minute answer cache (the benchmark reads it). */
export const finderCacheStats = { hits: 0, misses: 0 };

export interface FinderViewer {
  zone: string;
  locale: string;
}

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

/**
 * Below this an answer fits in one TCP segment (1,460 bytes of payload on Ethernet):
 * compressing it costs time and saves no round trip (an empty page, a few results).
 */
export const MIN_COMPRESSED_BYTES = 1400;

/**
 * The answer's body compressed, off the main thread (zlib's thread pool), once per answer
 * and encoding: requests for the same answer share the result. Null when the body is too
 * small to be worth it. Answers are computed per request, so compression is cheap on
 * purpose: brotli quality 2 with a 64 KB window takes ~0.4 ms for a typical 8 KB answer
 * and leaves 20 % of it (quality 4: ~0.9 ms, 19 %); gzip level 1 ~0.45 ms, 21 %.
 */
export function encodedBody(
  answer: FinderAnswer,
  encoding: ContentEncoding,
): Promise<Buffer> | null {
  if (answer.body.length < MIN_COMPRESSED_BYTES) return null;
  let buffer = answer.encoded[encoding];
  if (!buffer) {
    buffer =
      encoding === 'br'
        ? brotli(answer.body, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: 2,
              [zlibConstants.BROTLI_PARAM_LGWIN]: 16,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(answer.body),
            },
          })
        : gzip(answer.body, { level: 1 });
    answer.encoded[encoding] = buffer;
  }
  return buffer;
}

export class FinderService {
  readonly holder: FinderIndexHolder;

  constructor(
    db: Db,
    private readonly clock: Clock,
    events: DirectoryEvents,
    private readonly log: FastifyBaseLogger,
  ) {
    this.holder = new FinderIndexHolder(db, clock, events, log);
  }

  start(): void {
    this.holder.start();
  }

  stop(): void {
    this.holder.stop();
  }

  /** The finder's answer as JSON text and its ETag. */
  async search(query: FinderQuery, viewer: FinderViewer): Promise<FinderAnswer> {
    const index = await this.holder.get();
    const clockNow = this.clock.now();
    await index.ensureTimeline(clockNow);
    // Meetings start and end on whole minutes, so answers are exact to the minute.
    const now = Math.floor(clockNow.getTime() / MINUTE) * MINUTE;
    const key = cacheKey(query, viewer, now);
    const cached = finderTuning.responseCache ? index.responses.get(key) : undefined;
    if (cached) {
      finderCacheStats.hits++;
      return cached;
    }
    finderCacheStats.misses++;

    const place = query.place ? await findPlaceNamed(index, query.place, this.log) : null;
    const { results, rest } = this.compute(index, query, viewer, now, place);
    // `results` comes first in the answer: the rest is small, the results are pre-made JSON.
    const body = `{"results":[${results.join(',')}],${JSON.stringify(rest).slice(1)}`;
    const hash = createHash('sha1').update(body).digest('base64url').slice(0, 22);
    const answer: FinderAnswer = { body, etag: `W/"${hash}"`, encoded: {} };
    if (finderTuning.responseCache) {
      if (index.responses.size >= MAX_CACHED_RESPONSES) index.responses.clear();
      index.responses.set(key, answer);
    }
    return answer;
  }

  /** Warms the index (the benchmark and start-up use it). */
  async warm(): Promise<FinderIndex> {
    const index = await this.holder.get();
    await index.ensureTimeline(this.clock.now());
    return index;
  }

  private compute(
    index: FinderIndex,
    query: FinderQuery,
    viewer: FinderViewer,
    now: number,
    place: NamedPlace | null,
  ): { results: string[]; rest: Omit<FinderResponse, 'results'> } {
    const size = index.size;
    checkKnown(index.byFocus, query.focus, FOCUS_AREAS, 'focus', 'focus area');
    checkKnown(index.byStage, query.stage, STAGES, 'stage', 'stage');
    checkKnown(index.byAudience, query.audience, AUDIENCES, 'audience', 'audience');
    for (const t of query.type ?? []) {
      if (!isKnownType(t) && !index.byType.has(t)) {
        throw invalidField('querystring.type', `"${t}" is not a Meeting Guide type code`);
      }
    }

    // The sets every result must be in, by the dimension that contributes them.
    const base = index.activeAt(now);
    const filters = new Map<string, Bitset>();
    const dayTime = index.dayTimeSets(viewer.zone, now);
    if (query.focus?.length) filters.set('focus', unionOf(size, index.byFocus, query.focus));
    if (query.stage?.length) filters.set('stage', unionOf(size, index.byStage, query.stage));
    if (query.audience?.length) {
      filters.set('audience', unionOf(size, index.byAudience, query.audience));
    }
    if (query.language?.length) {
      const languages = query.language.map((l) => l.toLowerCase());
      filters.set('language', unionOf(size, index.byLanguage, languages));
    }
    if (query.attendance?.length) {
      filters.set('attendance', unionOf(size, index.byAttendance, query.attendance));
    }
    if (query.type?.length) {
      // Types narrow: a meeting must have every type asked for ("Women" and "Big Book").
      const all = Bitset.full(size);
      for (const t of query.type) all.and(index.byType.get(t) ?? new Bitset(size));
      filters.set('type', all);
    }
    if (query.day?.length) {
      const set = new Bitset(size);
      for (const d of query.day) set.or(dayTime.day[Number(d)]!);
      filters.set('day', set);
    }
    if (query.time?.length) {
      const set = new Bitset(size);
      for (const t of query.time) set.or(dayTime.time[BANDS.indexOf(t)]!);
      filters.set('time', set);
    }
    if (query.now) filters.set('now', happeningSet(index, now, query.now));
    const text = query.q ? index.textMatches(query.q) : null;
    if (text) filters.set('q', text.set);

    const units: DistanceUnits = query.units ?? 'km';
    let near: FinderResponse['near'] = null;
    let distances: Float64Array | null = null;
    if (query.near || query.place) {
      let latitude: number;
      let longitude: number;
      let label: string | null = null;
      if (query.near) {
        [latitude, longitude] = query.near;
      } else {
        if (!place) {
          throw invalidField(
            'querystring.place',
            `no meetings are listed in a place called "${query.place}"; try a nearby town or region`,
          );
        }
        ({ latitude, longitude, label } = place);
      }
      const radius = query.radius ?? FINDER_DEFAULT_RADIUS;
      const radiusKm = units === 'mi' ? radius * KM_PER_MILE : radius;
      near = { latitude, longitude, label, radius, units };
      const within = withinRadius(index, latitude, longitude, radiusKm);
      distances = within.distances;
      filters.set('near', within.set);
    } else if (query.radius !== undefined) {
      throw invalidField('querystring.radius', 'needs near or place to measure from');
    }

    const matching = index.scratch.matching.copyFrom(base);
    for (const set of filters.values()) matching.and(set);
    const total = matching.count();

    const facets: FinderResponse['facets'] = {
      focus: facet(index, base, filters, 'focus', facetValues(FOCUS_AREAS, index.byFocus), (v) =>
        index.byFocus.get(v),
      ),
      attendance: facet(index, base, filters, 'attendance', FINDER_ATTENDANCE, (v) =>
        index.byAttendance.get(v),
      ),
      day: facet(
        index,
        base,
        filters,
        'day',
        ['0', '1', '2', '3', '4', '5', '6'],
        (v) => dayTime.day[Number(v)],
      ),
      time: facet(
        index,
        base,
        filters,
        'time',
        BANDS,
        (v) => dayTime.time[BANDS.indexOf(v as never)],
      ),
    };

    const pageSize = query.pageSize ?? FINDER_DEFAULT_PAGE_SIZE;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const page = query.page ?? 1;
    const offset = (page - 1) * pageSize;
    const sort: FinderResponse['sort'] = text ? 'relevance' : distances ? 'distance' : 'next';
    const chosen =
      offset >= total
        ? []
        : sort === 'relevance'
          ? inOrder(text!.order, matching, offset, pageSize)
          : sort === 'distance'
            ? byDistance(index, matching, distances!, now, offset, pageSize)
            : byNextOccurrence(index, matching, now, offset, pageSize);

    const results: string[] = [];
    for (const i of chosen) {
      const next = nextOccurrenceOf(index.timeline, i, now);
      if (!next) continue; // cannot happen: `matching` only holds meetings still to come
      const km = distances ? distances[i]! : null;
      const distance =
        km === null ? null : { value: round1(units === 'mi' ? km / KM_PER_MILE : km), units };
      results.push(finderResultJson(index.records[i]!, next, now, viewer, distance));
    }
    const rest: Omit<FinderResponse, 'results'> = {
      total,
      page,
      pageSize,
      pageCount,
      sort,
      timezone: viewer.zone,
      near,
      facets,
      generatedAt: new Date(now).toISOString(),
    };
    return { results, rest };
  }
}
