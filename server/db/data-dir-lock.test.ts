import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDataDir } from './data-dir-lock.ts';

describe('the embedded database lock', () => {
  it('refuses a directory a live process holds, and takes over one a dead process left', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'iconocast-lock-')), 'pglite');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(`${dir}.lock`, String(sleeper.pid));
      expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
    }
    // The holder died without cleaning up (kill -9): the lock is taken over.
    const release = lockDataDir(dir);
    expect(readFileSync(`${dir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
