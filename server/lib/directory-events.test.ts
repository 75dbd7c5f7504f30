import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { DirectoryEvents, type DirectoryChange } from './directory-events.ts';

describe('DirectoryEvents', () => {
  it('tells this instance once per change, with what changed', () => {
    const events = new DirectoryEvents();
    const heard: DirectoryChange[] = [];
    events.onChange((change) => heard.push(change));
    events.changed({ meetings: ['m1'] });
    events.changed();
    expect(heard).toEqual([{ meetings: ['m1'] }, 'all']);
  });

  describe.runIf(process.env.REDIS_URL)('through Redis', () => {
    it('reaches another instance with what changed, and does not echo back to the sender', async () => {
      const clientA = new Redis(process.env.REDIS_URL!);
      const clientB = new Redis(process.env.REDIS_URL!);
      const a = new DirectoryEvents(clientA);
      const b = new DirectoryEvents(clientB);
      await a.start();
      await b.start();
      let heardA = 0;
      const heardB: DirectoryChange[] = [];
      a.onChange(() => heardA++);
      const reachedB = new Promise<void>((resolve) =>
        b.onChange((change) => {
          heardB.push(change);
          if (heardB.length === 3) resolve();
        }),
      );
      a.changed({ meetings: ['m1', 'm2'] });
      a.changed({ groups: ['g1'] });
      // An older instance sends only its id: everything changed.
      await clientA.publish('iconocast:directory-changed', 'an-older-instance');
      await reachedB;
      await new Promise((r) => setTimeout(r, 100));
      expect(heardA).toBe(3); // its own two, and the older instance's
      expect(heardB).toEqual([{ meetings: ['m1', 'm2'] }, { groups: ['g1'] }, 'all']);
      await a.stop();
      await b.stop();
      clientA.disconnect();
      clientB.disconnect();
    });
  });
});
