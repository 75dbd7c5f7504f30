import type MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { generateDirectory, insertDirectory } from '../../../bench/finder.data.ts';
import { openDatabase } from '../../db/client.ts';
import { TestClock } from '../../lib/clock.ts';
import { buildFinderIndex, newSearch, type SearchDocument } from './finder.index-loader.ts';
import { SOUND_FIELDS, soundOf, textQuery } from './finder.search-words.ts';
import { scoreWord, SOUND_SCORING, WORD_SCORING } from './finder.text-score.ts';

const docs = [
  ['Serenity Seekers', 'Hope Circle', 'A recovery group for early recovery', 'Seattle WA'],
  ['Recovery Dharma', 'Recovering Together', 'Meditation and recovery', 'Portland'],
  ['Friends in Recovery', 'Friendly Folk', 'Peer support, recovery', 'Seaside'],
  ['Monday Night Speakers', 'Speaker Group', 'Speakers share their story', 'Spokane'],
  ['Grupo Esperanza', 'Esperanza', 'Recuperación en español', 'Seattle'],
  ['Women in Recovery', 'Women First', 'A women only recovery meeting', 'Tacoma WA'],
].map(([name, groupName, groupText, place], index) => ({
  index: index * 3, // record numbers need not be MiniSearch's own ids
  name: name!,
  groupName: groupName!,
  groupText: groupText!,
  place: place!,
  address: '',
  labels: index % 2 ? 'alcohol english' : 'drugs spanish',
}));

describe('scoreWord', () => {
  const search = newSearch();
  search.addAll(docs);
  search.remove(docs[5]!);
  search.add(docs[5]!);

  it.each(['recovery', 'recovry', 'rec', 'sea', 'seattle', 'speakr', 'esperanza', 'women', 'zzz'])(
    'scores "%s" exactly as MiniSearch does',
    (word) => {
      const expected = new Map(search.search(word).map((hit) => [hit.id as number, hit.score]));
      const score = new Float64Array(32);
      const found: number[] = [];
      scoreWord(search, word, WORD_SCORING, score, found);
      expect(new Set(found).size).toBe(found.length);
      expect(new Map(found.map((id) => [id, score[id]!]))).toEqual(expected);
    },
  );
});

describe('scoreWord for a sound', () => {
  const search = newSearch();
  search.addAll(docs);

  it.each(['serenity', 'speakers', 'seattle'])('scores the sound of "%s" exactly', (word) => {
    const sound = soundOf(word)!;
    const expected = new Map(
      search
        .search(sound, {
          fields: [...SOUND_FIELDS],
          fuzzy: false,
          prefix: false,
          tokenize: (s) => [s],
          processTerm: (s) => s,
        })
        .map((hit) => [hit.id as number, hit.score]),
    );
    expect(expected.size).toBeGreaterThan(0);
    const score = new Float64Array(32);
    const found: number[] = [];
    scoreWord(search, sound, SOUND_SCORING, score, found);
    expect(new Map(found.map((id) => [id, score[id]!]))).toEqual(expected);
  });
});

describe('the index’s text matches', () => {
  it('list the same records in the same order as MiniSearch’s own AND query', async () => {
    const database = await openDatabase({});
    try {
      await insertDirectory(database.db, generateDirectory(300, 90));
      const index = await buildFinderIndex(database.db, new TestClock(), 0);
      const search = (index as unknown as { search: MiniSearch<SearchDocument> }).search;
      const queries = [
        'hope',
        'serenity hall',
        'recovry',
        'spanish',
        'hope hope',
        'sereniti lantrn', // typos: by spelling
        'seranitee', // nothing by spelling: by sound
        'zzzzqq',
      ];
      for (const q of queries) {
        const words = q.split(' ');
        let hits = search.search(textQuery(words));
        if (!hits.length) hits = search.search(textQuery(words, true));
        hits.sort((a, b) => b.score - a.score || index.compareRecords(a.id, b.id));
        expect([...index.textMatches(q).order], q).toEqual(hits.map((h) => h.id as number));
      }
    } finally {
      await database.close();
    }
  });
});
