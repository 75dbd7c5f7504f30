/**
 * The finder keeps every filter in the page's query string, so a search is a link to share
 * and back/forward walk through it. The page's keys are the API's keys: the API call is the
 * page's query plus the viewer's zone, language and page size.
 */

/** Filters that take several values, written comma-separated (`focus=alcohol,opioids`). */
export const LIST_KEYS = [
  'focus',
  'stage',
  'audience',
  'language',
  'day',
  'time',
  'attendance',
  'type',
] as const;
export type ListKey = (typeof LIST_KEYS)[number];
export const SINGLE_KEYS = ['q', 'near', 'place', 'radius', 'units', 'now', 'page'] as const;
export type SingleKey = (typeof SINGLE_KEYS)[number];
const KNOWN = new Set<string>([...LIST_KEYS, ...SINGLE_KEYS]);

export const FINDER_PAGE_SIZE = 20;

/** The finder's search form: every filter belongs to it, so without JavaScript it is a GET form. */
export const FINDER_FORM_ID = 'finder-form';

export function readList(params: URLSearchParams, key: ListKey): string[] {
  const out: string[] = [];
  for (const raw of params.getAll(key))
    for (const part of raw.split(',')) {
      const v = part.trim();
      if (v && !out.includes(v)) out.push(v);
    }
  return out;
}

/** A copy with one list filter changed; any filter change goes back to page 1. */
export function withList(params: URLSearchParams, key: ListKey, values: string[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(key);
  if (values.length > 0) next.set(key, values.join(','));
  next.delete('page');
  return next;
}

export function toggleValue(params: URLSearchParams, key: ListKey, value: string): URLSearchParams {
  const current = readList(params, key);
  const values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return withList(params, key, values);
}

export function withSingle(
  params: URLSearchParams,
  changes: Partial<Record<SingleKey, string | null>>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  if (!('page' in changes)) next.delete('page');
  return next;
}

/** How many filters (not the search words or the page) are set. */
export function countFilters(params: URLSearchParams): number {
  let n = 0;
  for (const k of LIST_KEYS) n += readList(params, k).length;
  for (const k of ['near', 'place', 'now'] as const) if (params.get(k)) n += 1;
  return n;
}

/** The page's query without unknown keys, in a stable order (the cache key too). */
export function canonicalSearch(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of [...SINGLE_KEYS, ...LIST_KEYS]) {
    if (!KNOWN.has(k)) continue;
    if ((LIST_KEYS as readonly string[]).includes(k)) {
      const values = readList(params, k as ListKey);
      if (values.length > 0) out.set(k, values.join(','));
    } else {
      const v = params.get(k)?.trim();
      if (v) out.set(k, v);
    }
  }
  return out;
}

/** The browser's IANA zone, when it knows it. */
export function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/** The cookie that tells the server the browser's zone, to render pages in. */
export const ZONE_COOKIE = 'iconocast_tz';

// The zone the page was rendered for on the server: used while rendering there and while the
// app takes over that HTML (so its first render asks for the same answer), then dropped.
let renderedZone: string | null = null;
const zoneListeners = new Set<() => void>();

/** Sets (or, with null, drops) the zone the finder's answers are asked for instead of the browser's. */
export function setRenderedZone(zone: string | null): void {
  if (zone === renderedZone) return;
  renderedZone = zone;
  for (const listener of zoneListeners) listener();
}

/** For `useSyncExternalStore`: the finder renders again when the zone changes. */
export function subscribeViewerZone(listener: () => void): () => void {
  zoneListeners.add(listener);
  return () => zoneListeners.delete(listener);
}

/** The viewer's IANA zone: the server-rendered page's until the app has taken it over. */
export function viewerZone(): string | null {
  return renderedZone ?? browserZone();
}

/** `/finder?…` for the API: the page's filters plus zone, language and page size. */
export function apiSearch(pageSearch: string, locale: string): string {
  const params = canonicalSearch(new URLSearchParams(pageSearch));
  const tz = viewerZone();
  if (tz) params.set('tz', tz);
  params.set('locale', locale.startsWith('es') ? 'es' : 'en');
  params.set('pageSize', String(FINDER_PAGE_SIZE));
  return `?${params.toString()}`;
}
