/**
 * The finder's query. The router starts it as soon as /groups is entered, while the page's
 * code is still loading. On a first load of /groups the server has already put the first
 * answer in the page (`finder-ssr.tsx`), and the app starts with it (`seedFinderAnswer`).
 * Kept tiny and free of React: it lives in the app's main chunk.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { FinderResponse } from '../../../../contracts/finder.ts';
import type { PublicSettings } from '../../../../contracts/settings.ts';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query.ts';
import i18n from '../../i18n/index.ts';
import { apiSearch } from './finder-url.ts';

/** The query for the finder page at `pageSearch` (`?q=…&day=1,3`), in the current language. */
export function finderQuery(pageSearch: string) {
  const search = apiSearch(pageSearch, i18n.language);
  return queryOptions({
    queryKey: queryKeys.finder(search),
    queryFn: () => api.finder(search),
  });
}

/** What the server puts in the finder page beside its HTML (a JSON script, not run). */
export interface FinderPageState {
  /** The page's query string (`?q=…`) the answer is for. */
  search: string;
  /** The language and zone the page was rendered in. */
  language: 'en' | 'es';
  zone: string;
  answer: FinderResponse;
  /** The organisation's public settings (crisis lines, map), saving the app a request. */
  settings: PublicSettings;
}

/** The id of the `<script type="application/json">` holding the state. */
export const FINDER_STATE_ID = 'finder-state';

/** Puts the server's answer in the cache under the key the finder will ask for. */
export function seedFinderAnswer(client: QueryClient, state: FinderPageState): void {
  client.setQueryData(finderQuery(state.search).queryKey, state.answer);
  client.setQueryData(queryKeys.publicSettings(), state.settings);
}

let afterTakeOver: (() => void) | null = null;

/** Runs `fn` once the app has taken the server's finder page over (its first commit). */
export function whenTakenOver(fn: () => void): void {
  afterTakeOver = fn;
}

/** Called by the finder once mounted: the server's HTML is the app's now. */
export function tookOver(): void {
  const fn = afterTakeOver;
  afterTakeOver = null;
  fn?.();
}
