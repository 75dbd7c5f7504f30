import { eq, sql } from 'drizzle-orm';
import type { RoomFlow } from '../../../contracts/rooms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { rooms } from '../../db/schema/index.ts';

/** Rooms whose stored flow mentions this person (hands, floor, round, who shared). */
export async function listFlowsMentioning(
  db: DbOrTx,
  userId: string,
): Promise<{ id: string; flow: RoomFlow }[]> {
  return db
    .select({ id: rooms.id, flow: rooms.flow })
    .from(rooms)
    .where(sql`strpos(${rooms.flow}::text, ${userId}) > 0`);
}

export async function saveFlow(db: DbOrTx, roomId: string, flow: RoomFlow): Promise<void> {
  await db.update(rooms).set({ flow }).where(eq(rooms.id, roomId));
}
