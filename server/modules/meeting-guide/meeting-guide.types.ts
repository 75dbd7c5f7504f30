/**
 * Meeting Guide type codes.
 *
 * `spec-types.json` is a verbatim copy of the spec's type list (code4recovery/spec, also
 * published as `@code4recovery/spec`; taken from the project's shared reference folder,
 * sha256 7f29bdb8…410ec, 87 codes in 9 languages). It lives here because the shared folder
 * is not deployed. Refresh it by copying the file again.
 */
import specTypes from './spec-types.json' with { type: 'json' };

type Translations = Record<string, string>;

/** Codes the spec removed or never listed but every producer and finder still uses. */
const LEGACY_TYPES: Record<string, Translations> = {
  ONL: { en: 'Online' },
  TC: { en: 'Location Temporarily Closed' },
};

const ALL_TYPES: Record<string, Translations> = { ...specTypes, ...LEGACY_TYPES };

export const ONLINE = 'ONL';
export const TEMPORARILY_CLOSED = 'TC';
export const OPEN = 'O';
export const CLOSED = 'C';

const byLowerCode = new Map(Object.keys(ALL_TYPES).map((code) => [code.toLowerCase(), code]));
const byName = new Map<string, string>();
for (const [code, names] of Object.entries(ALL_TYPES)) {
  for (const name of Object.values(names)) byName.set(normalizeName(name), code);
}
byName.set(normalizeName('Temporarily Closed'), TEMPORARILY_CLOSED);

/** True for a code the spec (or the ONL/TC convention) defines. */
export function isKnownType(code: string): boolean {
  return Object.hasOwn(ALL_TYPES, code);
}

/** The English name of a known code, or null. */
export function typeName(code: string, language = 'en'): string | null {
  const names = ALL_TYPES[code];
  return names ? (names[language] ?? names.en ?? null) : null;
}

/**
 * Feed types as codes: codes in any case, or names in any of the spec's languages, map to
 * the spec code; anything else (a program's own code, e.g. Al-Anon's `AC`) is kept as sent.
 * Blanks and repeats are dropped, and a meeting marked both Open and Closed is Closed.
 */
export function normalizeTypes(input: unknown): string[] {
  const raw = Array.isArray(input) ? input : typeof input === 'string' ? input.split(',') : [];
  const codes: string[] = [];
  for (const value of raw) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value).trim();
    if (text === '') continue;
    const code = byLowerCode.get(text.toLowerCase()) ?? byName.get(normalizeName(text)) ?? text;
    if (!codes.includes(code)) codes.push(code);
  }
  return codes.includes(CLOSED) ? codes.filter((c) => c !== OPEN) : codes;
}

function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
