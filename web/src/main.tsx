import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import i18n, { setLanguage, isLanguage } from './i18n/index.ts';
import './styles/app.css';
import { createRouter } from './app/router.tsx';
import { SessionProvider } from './app/session.tsx';
import {
  FINDER_STATE_ID,
  seedFinderAnswer,
  whenTakenOver,
  type FinderPageState,
} from './features/finder/finder-data.ts';
import { browserZone, setRenderedZone, ZONE_COOKIE } from './features/finder/finder-url.ts';
import { createQueryClient } from './lib/query.ts';

const queryClient = createQueryClient();
// The server's finder page comes drawn, with the answer it was drawn from beside it.
const stateScript = document.getElementById(FINDER_STATE_ID);
const serverState = stateScript
  ? (JSON.parse(stateScript.textContent ?? 'null') as FinderPageState | null)
  : null;
// This device's language choice wins over the one the page was drawn in, once the app runs.
const chosenLanguage = i18n.language;
if (serverState) {
  // The first render must match the server's HTML: same language, zone and answer.
  void i18n.changeLanguage(serverState.language);
  setRenderedZone(serverState.zone);
  seedFinderAnswer(queryClient, serverState);
}
const zone = browserZone();
// The server draws the next page in this zone (a first visit gets the organisation's).
if (zone)
  document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;

const router = createRouter(queryClient, serverState !== null);
const app = (
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>
);
const root = document.getElementById('root')!;
if (serverState) {
  // Let the server's rows paint first: taking the page over is one long task on a slow phone,
  // and a frame drawn before it shows the meetings that much sooner.
  const hydrate = () =>
    hydrateRoot(root, app, {
      onRecoverableError: (error) => console.warn('The page was drawn again:', error),
    });
  // A hidden tab draws no frames: there, take over at once.
  if (document.visibilityState === 'hidden') hydrate();
  else requestAnimationFrame(() => setTimeout(hydrate));
  // Taken over: from now on the browser's zone and this device's language.
  whenTakenOver(() => {
    setRenderedZone(null);
    if (isLanguage(chosenLanguage) && chosenLanguage !== serverState.language) {
      void setLanguage(chosenLanguage);
    }
  });
} else {
  createRoot(root).render(app);
}
