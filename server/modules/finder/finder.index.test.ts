import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { FinderIndexHolder } from './finder.index-loader.ts';
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

async function addMeeting(name: string) {
  const group = await insertGroup(t.database.db, { name: `${name} group` });
  return insertMeeting(t.database.db, group.id, weekly('UTC', '09:00', ['MO']), { name });
}

describe('the finder index holder', () => {
  it('is built on first use and rebuilt after each change, swapped whole', async () => {
    expect(holder.peek()).toBeNull();
    await addMeeting('First');
    const first = await holder.get();
    expect(first.records.map((r) => r.name)).toEqual(['First']);
    expect(await holder.get()).toBe(first);

    await addMeeting('Second');
    t.app.directoryEvents.changed();
    const second = await holder.get();
    expect(second).not.toBe(first);
    expect(second.records.map((r) => r.name).sort()).toEqual(['First', 'Second']);
    // The previous index is untouched: a search that started on it finishes consistently.
    expect(first.records).toHaveLength(1);
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
    current.stats.buildMs = 5_000; // as if the directory were large
    await addMeeting('Third');
    t.app.directoryEvents.changed();
    expect(await holder.get()).toBe(current);
    await expect
      .poll(async () => (await holder.get()).records.map((r) => r.name).sort(), { timeout: 5000 })
      .toEqual(['First', 'Second', 'Third']);
  });

  it('catches a change whose event was lost, by its fingerprint', async () => {
    const current = await holder.get();
    await addMeeting('Fourth');
    // No event: the minute re-check compares fingerprints.
    await (holder as unknown as { safetyCheck(): Promise<void> }).safetyCheck();
    await expect
      .poll(async () => (await holder.get()).records.length, { timeout: 5000 })
      .toBe(current.records.length + 1);
  });
});
