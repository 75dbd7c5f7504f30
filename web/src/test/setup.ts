import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Pinned again here in case the runner's environment set another zone before this file ran.
process.env.TZ = 'America/Los_Angeles';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
