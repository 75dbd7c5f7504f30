import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { DirectoryEvents } from './directory-events.ts';

describe('DirectoryEvents', () => {
  it('tells this instance once per change', () => {
    const events = new DirectoryEvents();
    let heard = 0;
    events.onChange(() => heard++);
    events.changed();
    expect(heard).toBe(1);
  });

  describe.runIf(process.env.REDIS_URL)('through Redis', () => {
    it('reaches another instance, and does not echo back to the sender', async () => {
      const clientA = new Redis(process.env.REDIS_URL!);
      const clientB = new Redis(process.env.REDIS_URL!);
      const a = new DirectoryEvents(clientA);
      const b = new DirectoryEvents(clientB);
      await a.start();
      await b.start();
      let heardA = 0;
      let heardB = 0;
      a.onChange(() => heardA++);
      const reachedB = new Promise<void>((resolve) =>
        b.onChange(() => {
          heardB++;
          resolve();
        }),
      );
      a.changed();
      await reachedB;
      await new Promise((r) => setTimeout(r, 100));
      expect(heardA).toBe(1);
      expect(heardB).toBe(1);
      await a.stop();
      await b.stop();
      clientA.disconnect();
      clientB.disconnect();
    });
  });
});
