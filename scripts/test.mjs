// `npm test`: every check in one command, the same for a newcomer and for CI.
// Type check, lint, format, unit + route tests (PGlite, or PostgreSQL when DATABASE_URL is
// set), then browser tests when Chromium is installed. Ends with `N passed, N failed`
// (each test counts; each static check counts as one) and writes the counts to
// .tmp/test-summary.json for .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
mkdirSync('.tmp', { recursive: true });

const vitest = (name, extra) => {
  const out = `.tmp/vitest-${name}.json`;
  return [
    name,
    'npx',
    [
      'vitest',
      'run',
      ...extra,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ],
    out,
  ];
};
const steps = [
  ['type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
  vitest('unit-and-route', []),
];
if (existsSync(chromium)) {
  steps.push(vitest('browser', ['--config', 'vitest.e2e.config.ts']));
} else {
  console.log(`\nBrowser tests skipped: no Chromium at ${chromium} (apt-get install -y chromium).`);
}

const env = { ...process.env, TZ: process.env.TZ ?? 'UTC' };
let passed = 0;
let failed = 0;
for (const [name, cmd, args, report] of steps) {
  console.log(`\n▶ ${name}${env.DATABASE_URL ? ' (PostgreSQL)' : ''}`);
  if (report) rmSync(report, { force: true });
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (report && existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A file that failed to load has no failed tests but must still fail the run.
    if (result.status !== 0 && r.numFailedTests === 0) failed++;
  } else if (result.status === 0) {
    passed++;
  } else {
    failed++;
  }
  if (result.status !== 0) console.log(`✗ ${name} failed`);
}
writeFileSync('.tmp/test-summary.json', JSON.stringify({ passed, failed }));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
