import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.ts';
import es from './es.ts';

type Tree = { [key: string]: string | Tree };

const SERVER = join(__dirname, '../../../server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Every audit action string the server records, found in its source: quoted dotted names on
 * lines that set an audit action (`action: '…'`, `audit: '…'`, `audit('…')`, including
 * `action: ok ? '…' : '…'` and type unions of them).
 */
function recordedActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(SERVER)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/\b(action\??:|audit:|audit\()/.test(line)) continue;
      for (const m of line.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g))
        found.set(m[1]!, relative(SERVER, file));
    }
  }
  return found;
}

function label(tree: Tree, action: string): string | undefined {
  let node: string | Tree | undefined = (tree.audit as Tree).actions;
  for (const part of action.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

describe('audit action labels', () => {
  const actions = recordedActions();

  it('finds the actions the server records', () => {
    expect(actions.size).toBeGreaterThan(30);
    expect(actions.has('settings.organisation_changed')).toBe(true);
    expect(actions.has('membership.approved')).toBe(true);
    expect(actions.has('meeting.change_request_accepted')).toBe(true);
  });

  it.each([
    ['English', en as Tree],
    ['Spanish', es as Tree],
  ])('every recorded action has a %s label', (_name, catalogue) => {
    const missing = [...actions]
      .filter(([action]) => !label(catalogue, action)?.trim())
      .map(([action, file]) => `${action} (${file})`);
    expect(missing).toEqual([]);
  });
});
