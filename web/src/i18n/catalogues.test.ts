import { describe, expect, it } from 'vitest';
import en from './en.ts';
import es from './es.ts';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as `dotted.key → text`. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The `{{name}}` placeholders a text interpolates, sorted and without duplicates. */
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]))].sort();

/** What is wrong with `other` compared with the English catalogue, one line per problem. */
function compareCatalogues(reference: Tree, other: Tree): string[] {
  const ref = flatten(reference);
  const cat = flatten(other);
  const problems: string[] = [];
  for (const [key, text] of ref) {
    const translated = cat.get(key);
    if (translated === undefined) problems.push(`missing: ${key}`);
    else if (translated.trim() === '') problems.push(`empty: ${key}`);
    else if (placeholders(translated).join() !== placeholders(text).join())
      problems.push(
        `placeholders differ: ${key} (${placeholders(text).join() || 'none'} → ${placeholders(translated).join() || 'none'})`,
      );
  }
  for (const key of cat.keys()) if (!ref.has(key)) problems.push(`extra: ${key}`);
  return problems;
}

describe('the Spanish catalogue', () => {
  it('has every English key, no other key, and the same placeholders', () => {
    expect(compareCatalogues(en, es)).toEqual([]);
  });
});

describe('compareCatalogues', () => {
  const reference = { a: { greet: 'Hello {{name}}', bye: 'Bye' }, b: 'B' };

  it('reports a missing key', () => {
    expect(compareCatalogues(reference, { a: { greet: 'Hola {{name}}' }, b: 'B' })).toEqual([
      'missing: a.bye',
    ]);
  });

  it('reports an extra key', () => {
    expect(
      compareCatalogues(reference, {
        a: { greet: 'Hola {{name}}', bye: 'Adiós', hi: 'Hola' },
        b: 'B',
      }),
    ).toEqual(['extra: a.hi']);
  });

  it('reports placeholders that differ and empty texts', () => {
    expect(
      compareCatalogues(reference, { a: { greet: 'Hola {{nombre}}', bye: ' ' }, b: 'B' }),
    ).toEqual(['placeholders differ: a.greet (name → nombre)', 'empty: a.bye']);
  });
});
