// `npm test`: every check in one command, the same for a newcomer and for CI.
// Type check, lint, format, unit + route tests (PGlite, or PostgreSQL when DATABASE_URL is
// set), then browser tests when Chromium is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const steps = [
  ['type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
  ['unit and route tests', 'npx', ['vitest', 'run']],
];
if (existsSync(chromium)) {
  steps.push(['browser tests', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts']]);
} else {
  console.log(`\nBrowser tests skipped: no Chromium at ${chromium} (apt-get install -y chromium).`);
}

const env = { ...process.env, TZ: process.env.TZ ?? 'UTC' };
let failed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.log(`✗ ${name} failed`);
    failed++;
  }
}
console.log(`\n${steps.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
