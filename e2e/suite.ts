import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, removeDataDir, startServer, type RunningServer } from './harness.ts';

/** The server and browser of one suite; filled in by the suite's first `beforeAll`. */
export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
}

/**
 * Registers the hooks every browser suite needs: before its tests, start a server with `start`,
 * run `prepare` on it (the first admin, seed data) and launch a browser; after them, close the
 * browser, stop the server and remove its data. Read `server` and `browser` from tests and from
 * hooks registered after this call.
 */
export function browserSuite(
  opts: {
    start?: Parameters<typeof startServer>[0];
    prepare?: (server: RunningServer) => Promise<unknown>;
  } = {},
): BrowserSuite {
  const suite = {} as Partial<BrowserSuite>;
  beforeAll(async () => {
    suite.server = await startServer(opts.start);
    await opts.prepare?.(suite.server);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
    if (suite.server) removeDataDir(suite.server.dataDir);
  });
  return suite as BrowserSuite;
}
