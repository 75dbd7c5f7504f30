import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canManageGroup, type GroupContext } from './group.policy.ts';

/**
 * Who may run a meeting's format and fair sharing, and moderate it, in a live room.
 *
 * - The group's facilitators, and admins (staff rule, as `group.manage`), lead: they advance
 *   the agenda, give the floor, start and stop rounds and timers, skip someone's turn, open
 *   the room early, see who has not shared yet, and moderate.
 * - Anyone present raises and lowers their own hand and passes (or finishes) their own turn
 *   in a round; whoever has the floor may hand it back.
 * - Muted means: for the rest of this meeting the person may read, lower their hand and
 *   pass their turn, but not send in the chat nor raise a hand (a raised hand asks to speak,
 *   which is what muting withholds). A facilitator who unmutes them gives both back.
 * - Facilitators do not mute or remove themselves or another facilitator of the group; an
 *   admin may (e.g. a facilitator account that was misused).
 */

export type RoomFlowState = 'scheduled' | 'open' | 'closed' | 'ended' | 'cancelled';

/**
 * A room as these rules need it: the group context (ACTIVE membership only gives a group
 * role), the room's state, and the actor's standing in it. Field names match `RoomAccess` in
 * `room.policy.ts`, so a loaded room serves both.
 */
export interface RoomFlowAccess extends GroupContext {
  state: RoomFlowState;
  removed: boolean;
  muted: boolean;
  /** The actor is in the room now. */
  present: boolean;
}

/** Handing back the floor: whether the actor is the one who has it. */
export interface FloorRelease extends RoomFlowAccess {
  hasFloor: boolean;
}

/** A turn in a round: what the turn ends with, and whether it is the actor's own turn. */
export interface RoundTurnDecision extends RoomFlowAccess {
  outcome: 'shared' | 'passed' | 'skipped';
  isActorsTurn: boolean;
}

/** Muting, unmuting or removing someone: who they are to the actor and to the group. */
export interface PersonModeration extends RoomFlowAccess {
  targetIsActor: boolean;
  /** The target's ACTIVE role in the group (null: not a member, e.g. an open group's visitor). */
  targetGroupRole: 'member' | 'facilitator' | null;
}

const NOT_IN_ROOM = 'Join the room first.';
const LEAD_ONLY = 'Only the facilitators of this group can do that in the meeting.';
const MUTED_HAND =
  'A facilitator muted you for the rest of this meeting, so raising a hand is paused. You can still read along.';

function stateMessage(state: RoomFlowState): string {
  switch (state) {
    case 'scheduled':
      return 'The room is not open yet.';
    case 'cancelled':
      return 'This meeting was cancelled, so it has no room.';
    case 'ended':
      return 'This meeting has ended.';
    case 'closed':
    case 'open':
      return 'The room has closed.';
  }
}

/** The checks every action here starts with: signed in, not removed, in an open room. */
function inOpenRoom(actor: Actor | null, room: RoomFlowAccess): Decision {
  if (!actor) return deny.unauthenticated();
  if (room.removed) {
    return deny.forbidden(
      'A facilitator asked you to leave this meeting, so you cannot come back into it today.',
    );
  }
  if (room.state !== 'open') return deny.conflict(stateMessage(room.state));
  if (!room.present) return deny.conflict(NOT_IN_ROOM);
  return allow;
}

/** Whether the actor leads this meeting (the group's facilitators and admins, staff rule). */
function leads(actor: Actor | null, room: RoomFlowAccess, ctx: PolicyContext): Decision {
  const manage = canManageGroup(actor, room, ctx);
  return manage.ok || manage.code === 'two_factor_required' ? manage : deny.forbidden(LEAD_ONLY);
}

/**
 * Running the meeting: agenda next and back, give the floor, start and stop a round, start
 * and stop the timer, and see who has not shared yet.
 */
export function canLeadRoom(
  actor: Actor | null,
  room: RoomFlowAccess,
  ctx: PolicyContext,
): Decision {
  const open = inOpenRoom(actor, room);
  if (!open.ok) return open;
  return leads(actor, room, ctx);
}

/**
 * Opening the room before its usual time: the meeting's leads, while it is still scheduled
 * (they may be in the room already: leads enter before it opens).
 */
export function canOpenRoomEarly(
  actor: Actor | null,
  room: RoomFlowAccess,
  ctx: PolicyContext,
): Decision {
  if (!actor) return deny.unauthenticated();
  const lead = leads(actor, room, ctx);
  if (!lead.ok) return lead;
  if (room.state === 'open') return deny.conflict('The room is open already.');
  if (room.state !== 'scheduled') return deny.conflict(stateMessage(room.state));
  return allow;
}

/** Raising one's own hand: anyone present who is not muted. */
export function canRaiseHand(actor: Actor | null, room: RoomFlowAccess): Decision {
  const open = inOpenRoom(actor, room);
  if (!open.ok) return open;
  if (room.muted) return deny.forbidden(MUTED_HAND);
  return allow;
}

/** Lowering one's own hand: anyone present, muted or not. */
export function canLowerHand(actor: Actor | null, room: RoomFlowAccess): Decision {
  return inOpenRoom(actor, room);
}

/** Handing back the floor: the person who has it, or a lead. */
export function canReleaseFloor(
  actor: Actor | null,
  release: FloorRelease,
  ctx: PolicyContext,
): Decision {
  const open = inOpenRoom(actor, release);
  if (!open.ok) return open;
  if (release.hasFloor) return allow;
  return leads(actor, release, ctx);
}

/**
 * Ending a turn in a round: the person whose turn it is may say they shared or pass (never
 * skip); a lead may end anyone's turn, and only a lead may skip someone.
 */
export function canEndRoundTurn(
  actor: Actor | null,
  turn: RoundTurnDecision,
  ctx: PolicyContext,
): Decision {
  const open = inOpenRoom(actor, turn);
  if (!open.ok) return open;
  const lead = leads(actor, turn, ctx);
  if (lead.ok) return allow;
  if (lead.code === 'two_factor_required') return lead;
  if (!turn.isActorsTurn) return deny.forbidden('It is not your turn.');
  if (turn.outcome === 'skipped') {
    return deny.forbidden('Only a facilitator can skip a turn. You can pass instead.');
  }
  return allow;
}

/** Hiding and unhiding a message, ending the meeting: the meeting's leads. */
export const canModerateMessages = canLeadRoom;

/** Muting, unmuting, removing someone: a lead, never on themselves; a facilitator only by an admin. */
export function canModeratePerson(
  actor: Actor | null,
  target: PersonModeration,
  ctx: PolicyContext,
): Decision {
  const lead = canLeadRoom(actor, target, ctx);
  if (!lead.ok) return lead;
  if (target.targetIsActor) return deny.conflict('You cannot do that to yourself.');
  if (target.targetGroupRole === 'facilitator' && actor?.role !== 'admin') {
    return deny.forbidden('Only an admin can mute or remove a facilitator of this group.');
  }
  return allow;
}

/** Every decision here by name, with the resource it needs (the table test covers each). */
export interface RoomFlowResources {
  'room.flow.lead': RoomFlowAccess;
  'room.open_early': RoomFlowAccess;
  'room.hand.raise': RoomFlowAccess;
  'room.hand.lower': RoomFlowAccess;
  'room.floor.release': FloorRelease;
  'room.round.turn': RoundTurnDecision;
  'room.moderate.message': RoomFlowAccess;
  'room.moderate.person': PersonModeration;
  'room.end': RoomFlowAccess;
}
export type RoomFlowAction = keyof RoomFlowResources;

const rules: {
  [A in RoomFlowAction]: (
    actor: Actor | null,
    resource: RoomFlowResources[A],
    ctx: PolicyContext,
  ) => Decision;
} = {
  'room.flow.lead': canLeadRoom,
  'room.open_early': canOpenRoomEarly,
  'room.hand.raise': (actor, r) => canRaiseHand(actor, r),
  'room.hand.lower': (actor, r) => canLowerHand(actor, r),
  'room.floor.release': canReleaseFloor,
  'room.round.turn': canEndRoundTurn,
  'room.moderate.message': canModerateMessages,
  'room.moderate.person': canModeratePerson,
  'room.end': canLeadRoom,
};

export const roomFlowActions = Object.keys(rules) as RoomFlowAction[];

/** The decision for one room-flow action. Pure: never queries. */
export function decideRoomFlow<A extends RoomFlowAction>(
  actor: Actor | null,
  action: A,
  resource: RoomFlowResources[A],
  ctx: PolicyContext,
): Decision {
  return rules[action](actor, resource, ctx);
}
