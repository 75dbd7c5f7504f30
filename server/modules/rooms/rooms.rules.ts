import { ROOM_CLOSES_AFTER_MIN, ROOM_OPENS_BEFORE_MIN } from '../../../contracts/rooms.ts';
import type { RoomState } from '../../policies/room.policy.ts';

const MINUTE = 60_000;

export interface RoomTimes {
  start: Date;
  end: Date;
  cancelled: boolean;
  /** From the room row, when it exists. */
  openedEarlyAt: Date | null;
  endedAt: Date | null;
}

/** When the room opens: ROOM_OPENS_BEFORE_MIN before the start, or when a facilitator opened it early. */
export function opensAt(t: RoomTimes): Date {
  const usual = new Date(t.start.getTime() - ROOM_OPENS_BEFORE_MIN * MINUTE);
  return t.openedEarlyAt && t.openedEarlyAt < usual ? t.openedEarlyAt : usual;
}

export function closesAt(t: RoomTimes): Date {
  return new Date(t.end.getTime() + ROOM_CLOSES_AFTER_MIN * MINUTE);
}

/** The room's state at `now` (the injected clock). */
export function roomState(t: RoomTimes, now: Date): RoomState {
  if (t.cancelled) return 'cancelled';
  if (t.endedAt) return 'ended';
  if (now < opensAt(t)) return 'scheduled';
  if (now >= closesAt(t)) return 'closed';
  return 'open';
}

/** Only online and hybrid meetings have a room. */
export const hasRoom = (attendance: string): boolean =>
  attendance === 'online' || attendance === 'hybrid';
