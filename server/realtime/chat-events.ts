import {
  deleteMessage,
  editMessage,
  joinRoom,
  reactToMessage,
  sendMessage,
  snapshotOf,
} from '../modules/rooms/rooms.service.ts';
import type { EventHandlers } from './handlers.ts';

const preloaded = (ctx: {
  loaded: import('../modules/rooms/rooms.service.ts').LoadedRoom | null;
}) => ctx.loaded ?? undefined;

/** The core events: entering and leaving a room, and the chat. */
export const chatEvents: EventHandlers = {
  'room:join': async (ctx, payload) => {
    const loaded = await joinRoom(ctx.deps, ctx.actor, payload);
    await ctx.enter(loaded);
    // Taken after entering, so the person sees themselves among the people.
    return snapshotOf(ctx.deps, ctx.actor, loaded, payload.lastSeq);
  },
  'room:leave': async (ctx, payload) => {
    await ctx.leave(payload.roomId);
    return { roomId: payload.roomId };
  },
  'chat:send': async (ctx, payload) =>
    (await sendMessage(ctx.deps, ctx.actor, payload, preloaded(ctx))).message,
  'chat:edit': (ctx, payload) => editMessage(ctx.deps, ctx.actor, payload, preloaded(ctx)),
  'chat:delete': (ctx, payload) => deleteMessage(ctx.deps, ctx.actor, payload, preloaded(ctx)),
  'chat:react': (ctx, payload) => reactToMessage(ctx.deps, ctx.actor, payload, preloaded(ctx)),
};
