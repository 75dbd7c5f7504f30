/**
 * One word's matches scored exactly as MiniSearch scores them (its term expansion, weights and
 * BM25), but added up in flat arrays instead of a result object per document: a word found in
 * most of a 20,000-meeting directory ("recovery") costs a couple of milliseconds instead of a
 * few hundred. MiniSearch still owns the index (add, remove, the radix tree of terms); this
 * reads its fields, so the version is pinned and `finder.text-score.test.ts` checks the two
 * agree.
 */
import type MiniSearch from 'minisearch';
import { SOUND_FIELDS } from './finder.search-words.ts';

/** The parts of MiniSearch 7's index read here (see its `executeQuerySpec` and `termResults`). */
interface Internals {
  _index: {
    get(term: string): TermData | undefined;
    atPrefix(prefix: string): Iterable<[string, TermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]>;
  };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
}
/** Per field id, per MiniSearch document id, the term's frequency. */
type TermData = Map<number, Map<number, number>>;

export interface WordScoring {
  /** Field boosts (a field not named counts 1). */
  boost: Record<string, number>;
  fields: readonly string[];
  fuzzy: number;
  maxFuzzy: number;
  weights?: { fuzzy: number; prefix: number };
  bm25?: { k: number; b: number; d: number };
  /** Only the term itself: no prefix, no fuzzy matches. */
  exactOnly?: boolean;
}

export const SEARCH_FIELDS = [
  'name',
  'groupName',
  'groupText',
  'place',
  'address',
  'labels',
] as const;

/** How a word matches and scores in the finder (fuzzy, with prefixes). */
export const WORD_SCORING: WordScoring = {
  fields: SEARCH_FIELDS,
  fuzzy: 0.2,
  maxFuzzy: 2,
  boost: { name: 3, groupName: 2, place: 1.5 },
};

/** A word's sound (finder.search-words.ts `soundOf`), exactly, where sounds are kept. */
export const SOUND_SCORING: WordScoring = {
  ...WORD_SCORING,
  fields: SOUND_FIELDS,
  exactOnly: true,
};

const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Adds `word`'s score (exact, prefix and fuzzy matches, as MiniSearch's `search(word)` with
 * `prefix: true`; or only the exact term with `exactOnly`) to `score[id]` for each matching document id (our record numbers), and
 * lists each id once in `found`. `score` must be zero for ids not yet found.
 */
export function scoreWord(
  search: MiniSearch<never> | MiniSearch<unknown>,
  word: string,
  options: WordScoring,
  score: Float64Array,
  found: number[],
): void {
  const ms = search as unknown as Internals;
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const bm25 = options.bm25 ?? DEFAULT_BM25;
  const fields = options.fields.map((f) => ({
    id: ms._fieldIds[f]!,
    boost: options.boost[f] ?? 1,
  }));
  const add = (data: TermData | undefined, weight: number) => {
    if (!data) return;
    for (const field of fields) {
      const freqs = data.get(field.id);
      if (!freqs) continue;
      const matching = freqs.size;
      const avgLength = ms._avgFieldLength[field.id]!;
      const idf = Math.log(1 + (ms._documentCount - matching + 0.5) / (matching + 0.5));
      for (const [docId, termFreq] of freqs) {
        const id = ms._documentIds.get(docId) as number | undefined;
        if (id === undefined) continue;
        const fieldLength = ms._fieldLength.get(docId)![field.id]!;
        const raw =
          idf *
          (bm25.d +
            (termFreq * (bm25.k + 1)) /
              (termFreq + bm25.k * (1 - bm25.b + (bm25.b * fieldLength) / avgLength)));
        // The same products in the same order as MiniSearch, so scores agree to the bit.
        const weighted = weight * 1 * field.boost * 1 * raw;
        // Every match adds more than 0 (BM25's `d` > 0), so 0 means not found yet.
        if (score[id] === 0) found.push(id);
        score[id]! += weighted;
      }
    }
  };
  add(ms._index.get(word), 1);
  if (options.exactOnly) return;
  const maxDistance = Math.min(options.maxFuzzy, Math.round(word.length * options.fuzzy));
  const fuzzy = maxDistance ? ms._index.fuzzyGet(word, maxDistance) : null;
  for (const [term, data] of ms._index.atPrefix(word)) {
    const distance = term.length - word.length;
    if (!distance) continue;
    fuzzy?.delete(term);
    add(data, (weights.prefix * term.length) / (term.length + 0.3 * distance));
  }
  if (fuzzy) {
    for (const [term, [data, distance]] of fuzzy) {
      if (!distance) continue;
      add(data, (weights.fuzzy * term.length) / (term.length + distance));
    }
  }
}
