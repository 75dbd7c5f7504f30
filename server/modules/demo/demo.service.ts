import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';

/** Fills an empty database with Iconocast's own demo content. (Written by the demo module.) */
export async function seedDemo(
  _db: Db,
  _clock: Clock,
): Promise<{ seeded: boolean; summary: string }> {
  throw new Error('Demo content is not written yet.');
}
