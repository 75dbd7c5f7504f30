import type { ServerEvent } from '../../contracts/rooms.ts';

/**
 * Live pushes to people's open pages (Socket.IO, `server/realtime/`). Services get it in their
 * deps and never touch sockets: the inbox tells a person their unread count, rooms tell a
 * room what changed. With Redis the push reaches every instance. `noLive` does nothing
 * (tests, and the CLI).
 */
export interface Live {
  /** Every open page of this person (any room or none). */
  toUser(userId: string, event: ServerEvent, payload: unknown): void;
  /** Everyone in this room. */
  toRoom(roomId: string, event: ServerEvent, payload: unknown): void;
  /** Takes this person's sockets out of the room at once (removed, left the group). */
  removeFromRoom(userId: string, roomId: string): void;
}

export const noLive: Live = {
  toUser: () => {},
  toRoom: () => {},
  removeFromRoom: () => {},
};
