/**
 * Finder answers, fetched once per query. The router starts the fetch as soon as /groups is
 * entered, while the page's code is still loading, so the first results arrive sooner.
 * Kept tiny and free of React: it lives in the app's main chunk.
 */
import type { FinderResponse } from '../../../../contracts/finder.ts';
import { api } from '../../lib/api.ts';
import i18n from '../../i18n/index.ts';
import { apiSearch } from './finder-url.ts';

const cache = new Map<string, Promise<FinderResponse>>();
const MAX_ENTRIES = 20;

export function loadFinder(pageSearch: string): Promise<FinderResponse> {
  const key = apiSearch(pageSearch, i18n.language);
  let hit = cache.get(key);
  if (!hit) {
    hit = api.finder(key);
    cache.set(key, hit);
    // Failures are not remembered: "Try again" asks the server again.
    hit.catch(() => cache.delete(key));
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/** Forget cached answers (after a change to the directory made in this tab). */
export function clearFinderCache(): void {
  cache.clear();
}
