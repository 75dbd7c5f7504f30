/**
 * Finder answers, fetched once per query. The router starts the fetch as soon as /groups is
 * entered, while the page's code is still loading, so the first results arrive sooner.
 * Kept tiny and free of React: it lives in the app's main chunk.
 */
import type { FinderResponse } from '../../../../contracts/finder.ts';
import { api } from '../../lib/api.ts';
import i18n from '../../i18n/index.ts';
import { apiSearch, canonicalSearch, viewerZone } from './finder-url.ts';

declare global {
  interface Window {
    /** Set by /finder-prefetch.js, which runs before the app on the finder page. */
    __finderPrefetch?: { search: string; lang: string; tz: string; response: Promise<Response> };
  }
}

const canonical = (search: string) => canonicalSearch(new URLSearchParams(search)).toString();

const cache = new Map<string, Promise<FinderResponse>>();
const MAX_ENTRIES = 20;

export function loadFinder(pageSearch: string): Promise<FinderResponse> {
  const key = apiSearch(pageSearch, i18n.language);
  let hit = cache.get(key);
  if (!hit) {
    hit = takePrefetched(pageSearch) ?? api.finder(key);
    cache.set(key, hit);
    // Failures are not remembered: "Try again" asks the server again.
    hit.catch(() => cache.delete(key));
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/** The answer prefetch.ts asked for before the app started, when it is for this query. */
function takePrefetched(pageSearch: string): Promise<FinderResponse> | null {
  const early = window.__finderPrefetch;
  if (!early) return null;
  window.__finderPrefetch = undefined;
  const same =
    canonical(early.search) === canonical(pageSearch) &&
    early.lang === (i18n.language.startsWith('es') ? 'es' : 'en') &&
    early.tz === (viewerZone() ?? '');
  if (!same) return null;
  const key = apiSearch(pageSearch, i18n.language);
  // Anything but a plain success goes through the API client, which reads errors properly.
  return early.response.then(
    (res) => (res.ok ? (res.json() as Promise<FinderResponse>) : api.finder(key)),
    () => api.finder(key),
  );
}

/** Forget cached answers (after a change to the directory made in this tab). */
export function clearFinderCache(): void {
  cache.clear();
}
