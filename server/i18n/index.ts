import { locales } from '../../contracts/common.ts';

/** A language the server writes emails and calendars in (the web's languages). */
export type Language = (typeof locales)[number];

/** One text per language: leaving out a language's text does not compile. */
export type Translated<T> = Record<Language, T>;

const isLanguage = (v: string): v is Language => (locales as readonly string[]).includes(v);

/** A saved or asked-for language as one we write: `es-MX` → `es`; unknown or empty → `en`. */
export function toLanguage(value: string | null | undefined): Language {
  const base = (value ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(base) ? base : 'en';
}

/**
 * The language to write to someone without a saved one (no account yet): the first language
 * of an `Accept-Language` header we write, by preference order; English otherwise.
 */
export function languageFromHeader(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranked = value
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/**
 * The language to answer a request in: the signed-in person's saved one, else the first of
 * `Accept-Language` we write, else English.
 */
export function requestLanguage(request: {
  user: { locale: string } | null;
  headers: { 'accept-language'?: string | string[] | undefined };
}): Language {
  return request.user
    ? toLanguage(request.user.locale)
    : languageFromHeader(request.headers['accept-language']);
}

/** What an email says in one language. Subjects stay neutral: never a health detail. */
export interface EmailWords {
  subject: string;
  lines: string[];
}

/** An email in the recipient's language, from its words in every language. */
export function emailIn(
  to: string,
  language: string | null | undefined,
  words: Translated<EmailWords>,
): { to: string; subject: string; text: string; language: Language } {
  const lang = toLanguage(language);
  const { subject, lines } = words[lang];
  return { to, subject, text: lines.join('\n'), language: lang };
}
