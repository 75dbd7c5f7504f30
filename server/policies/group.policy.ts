import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { checkStaff } from './staff.policy.ts';

/**
 * A group as a rule needs it, loaded together with the actor's membership.
 * `actorGroupRole` is the actor's role in an ACTIVE membership; requested, left and
 * removed memberships count as null.
 *
 * Closed groups are not secret: anyone (visitors too) sees a closed group's public page
 * and may ask to join. What is members-only is who is in it, where and how its meetings
 * happen (address, conference link, phone), and its discussion.
 */
export interface GroupContext {
  groupId: string;
  actorGroupRole: 'member' | 'facilitator' | null;
  isOpen: boolean;
}

export type MembershipStatus = 'requested' | 'active' | 'left' | 'removed';

/** Joining: the actor's membership in any state (null: never joined) and whether it is full. */
export interface GroupJoin extends GroupContext {
  membershipStatus: MembershipStatus | null;
  /** Every place is taken (a group without a capacity is never full). */
  isFull: boolean;
}

/** Leaving: the actor's membership in any state. */
export interface GroupLeave extends GroupContext {
  membershipStatus: MembershipStatus | null;
}

/** Approving, declining or removing someone: the group and that person's group role. */
export interface MembershipDecision extends GroupContext {
  targetRole: 'member' | 'facilitator';
}

const FACILITATORS_ONLY = 'Only the facilitators of this group can manage it.';

/** Creating a group: admins and facilitators (a staff action: the two-factor rule applies). */
export function canCreateGroup(actor: Actor | null, ctx: PolicyContext): Decision {
  return checkStaff(
    actor,
    ['admin', 'facilitator'],
    ctx,
    'Only facilitators and admins can create groups.',
  );
}

/**
 * Editing a group, its meetings and memberships: its own facilitators (who must still
 * hold the facilitator platform role, so a demotion takes effect at once) and admins.
 * Both are staff actions, so the two-factor rule applies.
 */
export function canManageGroup(
  actor: Actor | null,
  group: GroupContext,
  ctx: PolicyContext,
): Decision {
  if (!actor) return deny.unauthenticated();
  if (actor.role === 'admin') return checkStaff(actor, ['admin'], ctx, '');
  if (group.actorGroupRole === 'facilitator') {
    return checkStaff(
      actor,
      ['facilitator'],
      ctx,
      'Only trained facilitators can manage a group. Ask an admin if this looks wrong.',
    );
  }
  return deny.forbidden(FACILITATORS_ONLY);
}

/** Choosing who facilitates a group: admins only. */
export function canManageFacilitators(
  actor: Actor | null,
  _group: GroupContext,
  ctx: PolicyContext,
): Decision {
  return checkStaff(actor, ['admin'], ctx, 'Only admins can choose who facilitates a group.');
}

/**
 * Approving, declining or removing a person: the group's managers; a facilitator's own
 * place in the group is changed by admins only (through the facilitator actions).
 */
export function canDecideMembership(
  actor: Actor | null,
  decision: MembershipDecision,
  ctx: PolicyContext,
): Decision {
  const manage = canManageGroup(actor, decision, ctx);
  if (!manage.ok) return manage;
  if (decision.targetRole === 'facilitator' && actor?.role !== 'admin') {
    return deny.forbidden('Only admins can change who facilitates a group.');
  }
  return allow;
}

/**
 * Joining (open group) or asking to join (closed group): anyone signed in who is not
 * already in it, while there is a place. Asking again while a request waits is fine.
 */
export function canJoinGroup(actor: Actor | null, join: GroupJoin): Decision {
  if (!actor) return deny.unauthenticated();
  if (join.actorGroupRole !== null || join.membershipStatus === 'active') {
    return deny.conflict('You are already a member of this group.');
  }
  if (join.membershipStatus === 'requested') return allow;
  if (join.isFull) {
    return deny.conflict(
      'This group is full at the moment. Places open up as people move on; ' +
        'in the meantime the finder can show you other groups that may suit you.',
    );
  }
  return allow;
}

/** Leaving a group, or withdrawing a request to join: the person themselves. */
export function canLeaveGroup(actor: Actor | null, leave: GroupLeave): Decision {
  if (!actor) return deny.unauthenticated();
  if (leave.membershipStatus !== 'active' && leave.membershipStatus !== 'requested') {
    return deny.conflict('You are not a member of this group.');
  }
  return allow;
}

/**
 * Seeing who is in a group: the group's own members and facilitators, and admins
 * (staff rule). Visitors never see members.
 */
export function canReadGroupMembers(
  actor: Actor | null,
  group: GroupContext,
  ctx: PolicyContext,
): Decision {
  if (!actor) return deny.unauthenticated();
  if (group.actorGroupRole !== null) return allow;
  if (actor.role === 'admin') return checkStaff(actor, ['admin'], ctx, '');
  return deny.forbidden('Only members of this group can see who is in it.');
}
