import type { Server } from 'socket.io';
import type { ServerEvent } from '../../contracts/rooms.ts';
import type { Live } from '../lib/live.ts';

/** Socket.IO room names: every socket of a person is in `user:<id>`; a live room is `room:<id>`. */
export const userChannel = (userId: string) => `user:${userId}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;

/**
 * `Live` on Socket.IO: `to(...)` goes through the adapter, so with Redis the push reaches
 * the sockets of every instance. `removeFromRoom` takes the person's sockets out of the room
 * everywhere, then `afterRemove` updates presence (people list, attendance).
 */
export function socketLive(
  io: Server,
  afterRemove: (userId: string, roomId: string) => Promise<void>,
  logError: (err: unknown, message: string) => void,
): Live {
  return {
    toUser(userId: string, event: ServerEvent, payload: unknown) {
      io.to(userChannel(userId)).emit(event, payload);
    },
    toRoom(roomId: string, event: ServerEvent, payload: unknown) {
      io.to(roomChannel(roomId)).emit(event, payload);
    },
    removeFromRoom(userId: string, roomId: string) {
      io.in(userChannel(userId)).socketsLeave(roomChannel(roomId));
      void afterRemove(userId, roomId).catch((err) =>
        logError(err, 'could not update the room after removing someone'),
      );
    },
  };
}
