import { describe, expect, it } from 'vitest';
import { Bitset } from './finder.bitset.ts';
import type { FinderIndex } from './finder.index.ts';
import { byNextOccurrence, happeningSet } from './finder.query.ts';
import { nextOccurrenceOf, type Timeline } from './finder.timeline.ts';

const MINUTE = 60_000;
const now = Date.parse('2026-12-02T18:07:00Z');

/** A seeded timeline: `records` meetings with 1–6 occurrences each over two weeks. */
function fakeIndex(records: number, seed = 3) {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const occurrences: { start: number; end: number; record: number }[] = [];
  for (let r = 0; r < records; r++) {
    const count = 1 + Math.floor(next() * 6);
    for (let c = 0; c < count; c++) {
      // Whole quarter hours, so many starts tie (as real meetings do).
      const start = now - 2 * 60 * MINUTE + Math.floor(next() * 4 * 24 * 14) * 15 * MINUTE;
      occurrences.push({ start, end: start + 60 * MINUTE, record: r });
    }
  }
  occurrences.sort((a, b) => a.start - b.start);
  const byRecord: number[][] = Array.from({ length: records }, () => []);
  occurrences.forEach((o, i) => byRecord[o.record]!.push(i));
  const recordStart = new Int32Array(records + 1);
  for (let r = 0; r < records; r++) recordStart[r + 1] = recordStart[r]! + byRecord[r]!.length;
  const timeline: Timeline = {
    builtFor: now,
    start: Float64Array.from(occurrences, (o) => o.start),
    end: Float64Array.from(occurrences, (o) => o.end),
    record: Int32Array.from(occurrences, (o) => o.record),
    recordStart,
    byRecord: Int32Array.from(byRecord.flat()),
    lastEnd: new Float64Array(records),
  };
  let stamp = 0;
  const index = {
    size: records,
    timeline,
    seen: new Int32Array(records),
    nextStamp: () => ++stamp,
  } as unknown as FinderIndex;
  const members = (every: number) => {
    const set = new Bitset(records);
    for (let r = 0; r < records; r += every) set.add(r);
    return set;
  };
  return { index, timeline, members };
}

/** Soonest first, ties in timeline order: the order the finder promises, done naively. */
function expected(timeline: Timeline, set: Bitset, offset: number, limit: number) {
  const found: { r: number; start: number; position: number }[] = [];
  set.forEach((r) => {
    const next = nextOccurrenceOf(timeline, r, now);
    if (!next) return;
    let position = -1;
    for (let k = timeline.recordStart[r]!; k < timeline.recordStart[r + 1]!; k++) {
      const i = timeline.byRecord[k]!;
      if (timeline.end[i]! > now) {
        position = i;
        break;
      }
    }
    found.push({ r, start: next.start, position });
  });
  found.sort((a, b) => a.start - b.start || a.position - b.position);
  return found.slice(offset, offset + limit).map((f) => f.r);
}

describe('soonest first', () => {
  const { index, timeline, members } = fakeIndex(400);
  // A sparse set is sorted directly; a dense one walks the timeline: both give the same pages.
  for (const every of [1, 3, 40, 97]) {
    for (const [offset, limit] of [
      [0, 20],
      [20, 20],
      [0, 50],
      [390, 20],
    ] as const) {
      it(`every ${every}th meeting, page at ${offset} (${limit})`, () => {
        const set = members(every);
        expect(byNextOccurrence(index, set, now, offset, limit)).toEqual(
          expected(timeline, set, offset, limit),
        );
      });
    }
  }
});

describe('happening now', () => {
  it('is made once a minute and follows the clock', () => {
    const { index } = fakeIndex(200);
    const a = happeningSet(index, now, 'in_progress');
    expect(happeningSet(index, now, 'in_progress')).toBe(a);
    expect(happeningSet(index, now, 'within_hour')).not.toBe(a);
    const later = happeningSet(index, now + MINUTE, 'in_progress');
    expect(later).not.toBe(a);
    const t = index.timeline;
    const expectedNow = new Set<number>();
    for (let i = 0; i < t.start.length; i++) {
      if (t.start[i]! <= now + MINUTE && t.end[i]! > now + MINUTE) expectedNow.add(t.record[i]!);
    }
    const got: number[] = [];
    later.forEach((r) => got.push(r));
    expect(got).toEqual([...expectedNow].sort((x, y) => x - y));
  });
});
