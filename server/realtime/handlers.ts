import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { ClientEvent, clientEvents, RoomPerson } from '../../contracts/rooms.ts';
import type { Actor } from '../policies/index.ts';
import type { LoadedRoom, RoomsDeps } from '../modules/rooms/rooms.service.ts';

/** What a socket carries (serialisable: other instances read it through `fetchSockets`). */
export interface SocketData {
  userId: string;
  displayName: string;
  pronouns: string | null;
  /** The person's role in each room this socket is in. */
  roles: Record<string, RoomPerson['role']>;
}

export type RoomSocket = Socket<
  Record<string, (...args: unknown[]) => void>,
  Record<string, (...args: unknown[]) => void>,
  Record<string, never>,
  SocketData
>;

/** What an event handler gets: the deps, who is asking, their socket, and room helpers. */
export interface EventContext {
  deps: RoomsDeps;
  actor: Actor;
  socket: RoomSocket;
  /**
   * For events naming a `roomId`: the room, loaded fresh for this event, after the
   * dispatcher checked the socket is in it and `room.enter` still allows the person.
   */
  loaded: LoadedRoom | null;
  /** Puts the socket in the room (presence and attendance follow). */
  enter(loaded: LoadedRoom): Promise<void>;
  /** Takes the socket out of the room (presence and attendance follow). */
  leave(roomId: string): Promise<void>;
  /** Sends the room's people list to everyone in it. */
  broadcastPeople(roomId: string): Promise<void>;
}

/** A handler answers the ack's `data` or throws a RoomError / AppError. */
export type EventHandler<E extends ClientEvent> = (
  ctx: EventContext,
  payload: z.output<(typeof clientEvents)[E]>,
) => Promise<unknown>;

export type EventHandlers = { [E in ClientEvent]?: EventHandler<E> };
