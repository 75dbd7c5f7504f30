/**
 * What the finder's text search matches besides names and descriptions: the names of a
 * meeting's focus areas, languages, Meeting Guide types, way to attend, stage and audience in
 * every interface language (from contracts/taxonomy-labels.ts, the web's own labels, and the
 * Meeting Guide spec's names), so "spanish", "español", "alcohol" or "en línea" find what the
 * filters show. And the query itself: every word must match (AND), each one allowing typos
 * by spelling (MiniSearch fuzzy and prefix), else by sound (Double Metaphone: "lite" →
 * "light").
 */
import { doubleMetaphone } from 'double-metaphone';
import type { Query, SearchOptions } from 'minisearch';
import { TAXONOMY_LABELS } from '../../../contracts/taxonomy-labels.ts';
import { typeName } from '../meeting-guide/meeting-guide.types.ts';
import type { FinderRecord } from './finder.records.ts';

const INTERFACE_LANGUAGES = Object.keys(TAXONOMY_LABELS) as (keyof typeof TAXONOMY_LABELS)[];

/** Fields whose words are also indexed by sound (people misspell names, not descriptions). */
export const SOUND_FIELDS: readonly string[] = ['name', 'groupName', 'place'];
const SOUND_MARK = '~';
/** Shorter words sound like too many others ("in" ~ "on" ~ "an"). */
const MIN_SOUND_LENGTH = 4;

type Labelled = Pick<
  FinderRecord,
  'focusAreas' | 'languages' | 'types' | 'attendance' | 'stage' | 'audience'
>;

const wordsCache = new Map<string, string>();

/** The searchable names of a record's directory values, in every interface language. */
export function searchWordsOf(record: Labelled): string {
  const key = [
    record.focusAreas.join(','),
    record.languages.join(','),
    record.types.join(','),
    record.attendance,
    record.stage,
    record.audience,
  ].join('|');
  let words = wordsCache.get(key);
  if (words === undefined) {
    words = [...namesOf(record)].join(' · ');
    if (wordsCache.size > 10_000) wordsCache.clear();
    wordsCache.set(key, words);
  }
  return words;
}

function namesOf(record: Labelled): Set<string> {
  const names = new Set<string>();
  const add = (name: string | null | undefined) => {
    if (name) names.add(name);
  };
  for (const language of INTERFACE_LANGUAGES) {
    const labels = TAXONOMY_LABELS[language];
    for (const f of record.focusAreas) add(pick(labels.focus, f));
    for (const t of record.types) {
      add(pick(labels.types, t));
      add(typeName(t, language));
    }
    add(pick(labels.attendance, record.attendance));
    add(pick(labels.format, record.attendance));
    add(pick(labels.stage, record.stage));
    add(pick(labels.audience, record.audience));
    for (const code of record.languages) add(languageName(code, language));
  }
  // And each language by its own name ("français" for fr, "polski" for pl).
  for (const code of record.languages) add(languageName(code, code));
  return names;
}

function pick(labels: Record<string, string>, value: string): string | undefined {
  return Object.hasOwn(labels, value) ? labels[value] : undefined;
}

const languageNames = new Map<string, string | null>();

function languageName(code: string, inLanguage: string): string | null {
  const key = `${code}|${inLanguage}`;
  let name = languageNames.get(key);
  if (name === undefined) {
    try {
      const shown = new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'none' });
      name = shown.of(code) ?? null;
    } catch {
      name = null; // not a language code Intl reads
    }
    languageNames.set(key, name);
  }
  return name;
}

const sounds = new Map<string, string | null>();

/** How a word sounds, as an index term that cannot clash with a spelt word (remembered). */
export function soundOf(word: string): string | null {
  let sound = sounds.get(word);
  if (sound === undefined) {
    if (word.length < MIN_SOUND_LENGTH || /\d/.test(word)) sound = null;
    else {
      const [primary] = doubleMetaphone(word);
      sound = primary ? SOUND_MARK + primary : null;
    }
    if (sounds.size > 50_000) sounds.clear();
    sounds.set(word, sound);
  }
  return sound;
}

/**
 * The index's `processTerm`: the folded word, and in SOUND_FIELDS its sound too. `fold`
 * is the finder's case and accent folding.
 */
export function indexTerms(fold: (text: string) => string) {
  return (term: string, field?: string): string | string[] | null => {
    const word = fold(term);
    if (!word) return null;
    const sound = field && SOUND_FIELDS.includes(field) ? soundOf(word) : null;
    return sound ? [word, sound] : word;
  };
}

/**
 * A MiniSearch query where every word must match by spelling (the index's fuzzy and prefix
 * options) or, `bySound`, by spelling or by sound. Sound matches are many and cost more, so
 * the finder asks by sound only when spelling finds nothing.
 */
export function textQuery(words: readonly string[], bySound = false): Query {
  const exactly: SearchOptions = {
    fields: [...SOUND_FIELDS],
    fuzzy: false,
    prefix: false,
    tokenize: (s) => [s],
    processTerm: (s) => s,
  };
  return {
    combineWith: 'AND',
    queries: words.map((word) => {
      const sound = bySound ? soundOf(word) : null;
      return sound
        ? { combineWith: 'OR', queries: [word, { ...exactly, queries: [sound] }] }
        : word;
    }),
  };
}
