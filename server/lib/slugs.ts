/** The longest slug made from a name, leaving room for a `-N` suffix within 64 characters. */
export const SLUG_MAX_LENGTH = 56;

/**
 * A URL-safe slug from a name: lower case ASCII letters and digits joined by single dashes,
 * accents dropped ('Café Señora' → 'cafe-senora'), at most SLUG_MAX_LENGTH characters;
 * `fallback` when nothing is left (a name in another script).
 */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
  return slug || fallback;
}

/** `base`, or `base-2`, `base-3`, … whichever is not taken. */
export function freeSlug(base: string, taken: Iterable<string>): string {
  const used = taken instanceof Set ? (taken as ReadonlySet<string>) : new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
