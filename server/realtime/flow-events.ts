import {
  endRoundTurn,
  giveFloor,
  leadFlow,
  lowerHand,
  openEarly,
  raiseHand,
  releaseFloor,
  startTimer,
} from '../modules/rooms/rooms.flow.ts';
import {
  endMeeting,
  hideMessage,
  mutePerson,
  removePerson,
  unhideMessage,
  unmutePerson,
} from '../modules/rooms/rooms.moderation.ts';
import type { LoadedRoom } from '../modules/rooms/rooms.service.ts';
import { RoomError } from '../modules/rooms/rooms.service.ts';
import type { EventContext, EventHandlers } from './handlers.ts';

/** The room the dispatcher loaded for an event naming a `roomId` (it always does here). */
function roomOf(ctx: EventContext): LoadedRoom {
  if (!ctx.loaded) throw new RoomError('not_in_room', 'Join the room first.', 'roomId');
  return ctx.loaded;
}

/** A flow change answers the public flow; hands show in the people list too. */
const withPeople = async (
  ctx: EventContext,
  run: Promise<{ flow: unknown }>,
): Promise<{ flow: unknown }> => {
  const { flow } = await run;
  await ctx.broadcastPeople(roomOf(ctx).room.id);
  return { flow };
};
const flowOnly = async (run: Promise<{ flow: unknown }>) => ({ flow: (await run).flow });

/** The meeting's format and fair sharing (rooms.flow.ts). */
export const flowEvents: EventHandlers = {
  'hand:raise': (ctx) => withPeople(ctx, raiseHand(ctx.deps, ctx.actor, roomOf(ctx))),
  'hand:lower': (ctx) => withPeople(ctx, lowerHand(ctx.deps, ctx.actor, roomOf(ctx))),
  'floor:give': (ctx, p) => withPeople(ctx, giveFloor(ctx.deps, ctx.actor, roomOf(ctx), p.userId)),
  'floor:release': (ctx) => flowOnly(releaseFloor(ctx.deps, ctx.actor, roomOf(ctx))),
  'agenda:next': (ctx) =>
    flowOnly(leadFlow(ctx.deps, ctx.actor, roomOf(ctx), { type: 'agenda.next' })),
  'agenda:back': (ctx) =>
    flowOnly(leadFlow(ctx.deps, ctx.actor, roomOf(ctx), { type: 'agenda.back' })),
  'round:start': (ctx) =>
    flowOnly(leadFlow(ctx.deps, ctx.actor, roomOf(ctx), { type: 'round.start' })),
  'round:turn': (ctx, p) => flowOnly(endRoundTurn(ctx.deps, ctx.actor, roomOf(ctx), p.outcome)),
  'round:stop': (ctx) =>
    flowOnly(leadFlow(ctx.deps, ctx.actor, roomOf(ctx), { type: 'round.stop' })),
  'timer:start': (ctx, p) => flowOnly(startTimer(ctx.deps, ctx.actor, roomOf(ctx), p.seconds)),
  'timer:stop': (ctx) =>
    flowOnly(leadFlow(ctx.deps, ctx.actor, roomOf(ctx), { type: 'timer.stop' })),
  'room:open-early': (ctx) => openEarly(ctx.deps, ctx.actor, roomOf(ctx)),
};

/** Moderation (rooms.moderation.ts). */
export const moderationEvents: EventHandlers = {
  'mod:hide': (ctx, p) => hideMessage(ctx.deps, ctx.actor, roomOf(ctx), p),
  'mod:unhide': (ctx, p) => unhideMessage(ctx.deps, ctx.actor, roomOf(ctx), p),
  'mod:mute': async (ctx, p) => {
    const done = await mutePerson(ctx.deps, ctx.actor, roomOf(ctx), p);
    await ctx.broadcastPeople(roomOf(ctx).room.id);
    return done;
  },
  'mod:unmute': async (ctx, p) => {
    const done = await unmutePerson(ctx.deps, ctx.actor, roomOf(ctx), p);
    await ctx.broadcastPeople(roomOf(ctx).room.id);
    return done;
  },
  'mod:remove': (ctx, p) => removePerson(ctx.deps, ctx.actor, roomOf(ctx), p),
  'room:end': (ctx) => endMeeting(ctx.deps, ctx.actor, roomOf(ctx)),
};
