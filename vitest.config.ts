import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'contracts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The web app's unit tests: a DOM, and a zone west of UTC, where "today" and UTC's
        // date differ every evening (npm test runs the rest with TZ=UTC).
        extends: true,
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          env: { TZ: 'America/Los_Angeles' },
          setupFiles: ['web/src/test/setup.ts'],
        },
      },
    ],
  },
});
