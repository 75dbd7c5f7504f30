import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The real feeds in ../shared/meeting-guide/feeds, beside the repository in dev and CI. */
export const FEEDS_DIR = resolve(repoRoot, '../shared/meeting-guide/feeds');

/** A sample feed's text; throws (failing the test) when the shared folder is missing. */
export function readSampleFeed(file: string): string {
  const path = resolve(FEEDS_DIR, file);
  if (!existsSync(path)) {
    throw new Error(`Sample feed ${path} is missing: the tests need ../shared beside the repo.`);
  }
  return readFileSync(path, 'utf8');
}
