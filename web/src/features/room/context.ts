import { createContext, useContext } from 'react';
import type { RoomPerson, RoomSnapshot } from '../../../../contracts/rooms.ts';
import type { Room } from '../../lib/socket.ts';

/** What every part of the room reads: the room, who is reading, and names by id. */
export interface RoomView {
  room: Room;
  snapshot: Omit<RoomSnapshot, 'messages'>;
  me: string;
  isFacilitator: boolean;
  person(userId: string): RoomPerson | undefined;
  nameOf(userId: string): string;
  /** Runs a room action; a refusal is shown in the room's notices. */
  run(event: Parameters<Room['act']>[0], payload?: Record<string, unknown>): Promise<boolean>;
}

export const RoomContext = createContext<RoomView | null>(null);

export function useRoomView(): RoomView {
  const view = useContext(RoomContext);
  if (!view) throw new Error('useRoomView outside a room');
  return view;
}
