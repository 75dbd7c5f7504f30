/**
 * The finder's query. The router starts it as soon as /groups is entered, while the page's
 * code is still loading, so the first results arrive sooner; /finder-prefetch.js may have
 * asked even earlier, before the app started. Kept tiny and free of React: it lives in the
 * app's main chunk.
 */
import { queryOptions } from '@tanstack/react-query';
import type { FinderResponse } from '../../../../contracts/finder.ts';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query.ts';
import i18n from '../../i18n/index.ts';
import { apiSearch, canonicalSearch, viewerZone } from './finder-url.ts';

declare global {
  interface Window {
    /** Set by /finder-prefetch.js, which runs before the app on the finder page. */
    __finderPrefetch?: { search: string; lang: string; tz: string; response: Promise<Response> };
  }
}

const canonical = (search: string) => canonicalSearch(new URLSearchParams(search)).toString();

/** The query for the finder page at `pageSearch` (`?q=…&day=1,3`), in the current language. */
export function finderQuery(pageSearch: string) {
  const search = apiSearch(pageSearch, i18n.language);
  return queryOptions({
    queryKey: queryKeys.finder(search),
    queryFn: () => takePrefetched(pageSearch, search) ?? api.finder(search),
  });
}

/** The answer finder-prefetch.js asked for before the app started, when it is for this query. */
function takePrefetched(pageSearch: string, search: string): Promise<FinderResponse> | null {
  const early = window.__finderPrefetch;
  if (!early) return null;
  window.__finderPrefetch = undefined;
  const same =
    canonical(early.search) === canonical(pageSearch) &&
    early.lang === (i18n.language.startsWith('es') ? 'es' : 'en') &&
    early.tz === (viewerZone() ?? '');
  if (!same) return null;
  // Anything but a plain success goes through the API client, which reads errors properly.
  return early.response.then(
    (res) => (res.ok ? (res.json() as Promise<FinderResponse>) : api.finder(search)),
    () => api.finder(search),
  );
}
