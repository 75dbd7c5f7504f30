import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canManageGroup, type GroupContext } from './group.policy.ts';
import { checkStaff } from './staff.policy.ts';

/** A room's state, from the clock and the room row (see rooms.rules.ts). */
export type RoomState = 'scheduled' | 'open' | 'closed' | 'ended' | 'cancelled';

/**
 * A room as its rules need it: the group context (ACTIVE membership only gives a group
 * role), the room's state and the actor's standing in this room.
 */
export interface RoomAccess extends GroupContext {
  state: RoomState;
  /** A facilitator removed the actor from this room: no way back in for this occurrence. */
  removed: boolean;
  /** A facilitator muted the actor: they may stay and read, not send. */
  muted: boolean;
}

const CLOSED_GROUP =
  'This is a closed group: its meeting room is for its members. You are welcome to ask to join.';
const REMOVED =
  'A facilitator asked you to leave this meeting, so you cannot come back into it today.';

/**
 * Moderating a room (hide, mute, remove, end, open early, run the agenda, give the floor):
 * the group's facilitators, and admins (staff rule) — the same people as `group.manage`.
 */
export function canModerateRoom(
  actor: Actor | null,
  room: RoomAccess,
  ctx: PolicyContext,
): Decision {
  return canManageGroup(actor, room, ctx);
}

/**
 * Who may be in the room at all, whatever its state: an open group's room any signed-in
 * person; a closed group's its active members and facilitators, and admins (staff rule).
 * A person removed from this room cannot come back.
 */
function mayBeInRoom(actor: Actor | null, room: RoomAccess, ctx: PolicyContext): Decision {
  if (!actor) return deny.unauthenticated();
  if (room.removed) return deny.forbidden(REMOVED);
  if (room.isOpen || room.actorGroupRole !== null) return allow;
  if (actor.role === 'admin') return checkStaff(actor, ['admin'], ctx, CLOSED_GROUP);
  return deny.forbidden(CLOSED_GROUP);
}

function stateMessage(state: RoomState): string {
  switch (state) {
    case 'scheduled':
      return 'The room is not open yet. It opens shortly before the meeting starts.';
    case 'cancelled':
      return 'This meeting was cancelled, so it has no room.';
    case 'ended':
      return 'This meeting has ended.';
    default:
      return 'The room has closed.';
  }
}

/**
 * Entering: anyone who may be in the room, while it is open; the group's facilitators (and
 * admins) also before it opens, so they can open it early. Muted people may enter.
 */
export function canEnterRoom(actor: Actor | null, room: RoomAccess, ctx: PolicyContext): Decision {
  const may = mayBeInRoom(actor, room, ctx);
  if (!may.ok) return may;
  if (room.state === 'open') return allow;
  if (room.state === 'scheduled' && canModerateRoom(actor, room, ctx).ok) return allow;
  return deny.conflict(stateMessage(room.state));
}

/** Staying in the room and reading (every event re-checks it): as entering. */
export const canStayInRoom = canEnterRoom;

/** Sending, editing, deleting one's own message, reacting: in an open room, not muted. */
export function canSendInRoom(actor: Actor | null, room: RoomAccess, ctx: PolicyContext): Decision {
  const may = mayBeInRoom(actor, room, ctx);
  if (!may.ok) return may;
  if (room.state !== 'open') return deny.conflict(stateMessage(room.state));
  if (room.muted) {
    return deny.forbidden(
      'A facilitator muted you for the rest of this meeting. You can still read and listen.',
    );
  }
  return allow;
}

/** Every room decision, by name (the table test covers each). */
export const roomRules = {
  'room.enter': canEnterRoom,
  'room.send': canSendInRoom,
  'room.moderate': canModerateRoom,
} as const;
export type RoomAction = keyof typeof roomRules;

export function decideRoom(
  actor: Actor | null,
  action: RoomAction,
  room: RoomAccess,
  ctx: PolicyContext,
): Decision {
  return roomRules[action](actor, room, ctx);
}
