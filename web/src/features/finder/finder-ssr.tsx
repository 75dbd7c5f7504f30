/**
 * The finder page drawn on the server: the same app (layout, routes, components) rendered to
 * HTML with react-dom/server for one request, with the first answer already in its cache, so
 * a visitor sees meetings before any script runs and the page works with JavaScript off.
 * The app then takes this HTML over (`hydrateRoot` in main.tsx) without drawing it again.
 * Runs in Node (through tsx): nothing here, nor in what it renders, may touch `window` or
 * `document` while rendering.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { appRoutes } from '../../app/router.tsx';
import { SessionProvider } from '../../app/session.tsx';
import i18n from '../../i18n/index.ts';
import { createQueryClient } from '../../lib/query.ts';
import { FINDER_STATE_ID, seedFinderAnswer, type FinderPageState } from './finder-data.ts';
import { setRenderedZone } from './finder-url.ts';

/** The app's markup for `url` (a /groups address) with `state`'s answer, and the state script. */
export async function renderFinderPage(
  url: URL,
  state: FinderPageState,
): Promise<{ html: string; stateScript: string; title: string } | null> {
  const queryClient = createQueryClient();
  const handler = createStaticHandler(appRoutes(queryClient));
  const context = await handler.query(new Request(url));
  if (context instanceof Response) return null;
  const router = createStaticRouter(handler.dataRoutes, context);
  // From here on nothing awaits: the language and zone set below hold for this render only
  // (i18next switches at once when, as here, its resources are in memory).
  void i18n.changeLanguage(state.language);
  setRenderedZone(state.zone);
  try {
    seedFinderAnswer(queryClient, state);
    const html = renderToString(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <StaticRouterProvider router={router} context={context} hydrate={false} />
          </SessionProvider>
        </QueryClientProvider>
      </StrictMode>,
    );
    // The title the page sets once running (PageHeading), already there for the first paint.
    const title = escapeText(`${i18n.t('finder.title')} · ${i18n.t('common.appName')}`);
    return { html, stateScript: stateScript(state), title };
  } finally {
    setRenderedZone(null);
    queryClient.clear();
  }
}

/**
 * The state as a JSON script the browser does not run (so the CSP needs no exception): `<`
 * is written `\u003c`, so no text in it (a meeting named `</script>`) can close the element.
 */
export function stateScript(state: FinderPageState): string {
  const json = JSON.stringify(state)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${FINDER_STATE_ID}">${json}</script>`;
}

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
