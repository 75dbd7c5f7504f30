import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Pinned again here in case the runner's environment set another zone before this file ran.
process.env.TZ = 'America/Los_Angeles';

// The machine running the tests may be busy: a page's first answer can take a few seconds.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
