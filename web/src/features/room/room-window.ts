import { ROOM_CLOSES_AFTER_MIN, ROOM_OPENS_BEFORE_MIN } from '../../../../contracts/rooms.ts';

const MINUTE = 60_000;

/** When an occurrence's room opens and closes, from its start and end (the default window). */
export function roomWindow(start: string, end: string): { opensAt: number; closesAt: number } {
  return {
    opensAt: Date.parse(start) - ROOM_OPENS_BEFORE_MIN * MINUTE,
    closesAt: Date.parse(end) + ROOM_CLOSES_AFTER_MIN * MINUTE,
  };
}

/** True while the room is open (opensAt ≤ now < closesAt), for a meeting with a room. */
export function isRoomOpen(
  o: { start: string; end: string; cancelled: boolean; attendance: string },
  now: number,
): boolean {
  if (o.cancelled || (o.attendance !== 'online' && o.attendance !== 'hybrid')) return false;
  const { opensAt, closesAt } = roomWindow(o.start, o.end);
  return opensAt <= now && now < closesAt;
}
