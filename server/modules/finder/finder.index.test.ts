import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groups, meetings } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { FinderIndexHolder } from './finder.index-loader.ts';
import type { FinderIndex } from './finder.index.ts';
import { insertGroup, insertMeeting, weekly } from './finder.test-helpers.ts';

let t: TestContext;
let holder: FinderIndexHolder;

beforeAll(async () => {
  t = await createTestApp();
  holder = new FinderIndexHolder(t.database.db, t.clock, t.app.directoryEvents, t.app.log);
  holder.start();
});

afterAll(async () => {
  holder.stop();
  await t.close();
});

const names = (index: FinderIndex) => index.records.flatMap((r) => (r ? [r.name] : []));

async function addMeeting(name: string) {
  const group = await insertGroup(t.database.db, { name: `${name} group` });
  return insertMeeting(t.database.db, group.id, weekly('UTC', '09:00', ['MO']), { name });
}

describe('the finder index holder', () => {
  it('is built on first use and rebuilt whole when everything changed', async () => {
    expect(holder.peek()).toBeNull();
    await addMeeting('First');
    const first = await holder.get();
    expect(names(first)).toEqual(['First']);
    expect(await holder.get()).toBe(first);

    await addMeeting('Second');
    t.app.directoryEvents.changed();
    const second = await holder.get();
    expect(second).not.toBe(first);
    expect(names(second).sort()).toEqual(['First', 'Second']);
    // The previous index is untouched: a search that started on it finishes consistently.
    expect(names(first)).toHaveLength(1);
    expect(first.listed.count()).toBe(1);
  });

  it('coalesces a burst of changes into few rebuilds', async () => {
    const before = await holder.get();
    for (let i = 0; i < 10; i++) t.app.directoryEvents.changed();
    const after = await holder.get();
    expect(after.generation).toBeGreaterThan(before.generation);
    expect(await holder.get()).toBe(after);
  });

  it('answers from the previous index while a slow rebuild runs, then swaps', async () => {
    const current = await holder.get();
    current.stats.meetings = 50_000; // as if the directory were large
    await addMeeting('Third');
    t.app.directoryEvents.changed();
    expect(await holder.get()).toBe(current);
    await expect
      .poll(async () => names(await holder.get()).sort(), { timeout: 5000 })
      .toEqual(['First', 'Second', 'Third']);
  });

  it('catches a change whose event was lost, by its fingerprint', async () => {
    const current = await holder.get();
    await addMeeting('Fourth');
    // No event: the minute re-check compares fingerprints.
    await (holder as unknown as { safetyCheck(): Promise<void> }).safetyCheck();
    await expect
      .poll(async () => names(await holder.get()).length, { timeout: 5000 })
      .toBe(names(current).length + 1);
  });
});

describe('updates named by a change', () => {
  it('applies a new, edited or removed meeting in place, seen by the next search', async () => {
    const index = await holder.get();
    const group = await insertGroup(t.database.db, { name: 'Updates group' });
    const added = await insertMeeting(t.database.db, group.id, weekly('UTC', '10:00', ['TU']), {
      name: 'Added',
    });
    t.app.directoryEvents.changed({ meetings: [added.id] });
    const after = await holder.get();
    expect(after).toBe(index); // updated, not rebuilt
    expect(names(after)).toContain('Added');
    expect(after.textMatches('added').order).toHaveLength(1);

    await t.database.db.update(meetings).set({ name: 'Renamed' }).where(eq(meetings.id, added.id));
    t.app.directoryEvents.changed({ meetings: [added.id] });
    expect(names(await holder.get())).toContain('Renamed');
    expect(names(index)).not.toContain('Added');
    expect(index.textMatches('added').order).toHaveLength(0);

    await t.database.db.update(groups).set({ isOpen: false }).where(eq(groups.id, group.id));
    t.app.directoryEvents.changed({ groups: [group.id] });
    const closed = (await holder.get()).records.find((r) => r?.id === added.id)!;
    expect(closed.isOpen).toBe(false);

    await t.database.db.delete(meetings).where(eq(meetings.id, added.id));
    t.app.directoryEvents.changed({ meetings: [added.id] });
    expect(names(await holder.get())).not.toContain('Renamed');
    expect(index.records.some((r) => r?.id === added.id)).toBe(false);
    expect(await holder.get()).toBe(index);
  });

  it('grows when more meetings arrive than it has room for, and coalesces a burst', async () => {
    const index = await holder.get();
    const size = index.size;
    const group = await insertGroup(t.database.db, { name: 'Many group' });
    const ids: string[] = [];
    for (let i = 0; i < size + 5; i++) {
      const m = await insertMeeting(t.database.db, group.id, weekly('UTC', '07:00', ['WE']), {
        name: `Many ${i}`,
      });
      ids.push(m.id);
    }
    const before = index.generation;
    for (const id of ids) t.app.directoryEvents.changed({ meetings: [id] });
    const after = await holder.get();
    expect(after).toBe(index);
    expect(after.size).toBeGreaterThan(size);
    expect(after.generation).toBe(before + ids.length);
    expect(names(after).filter((n) => n.startsWith('Many '))).toHaveLength(ids.length);
    expect(after.listed.count()).toBe(names(after).length);
  });
});
