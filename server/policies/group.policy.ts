import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { checkStaff } from './staff.policy.ts';

/**
 * A group as a rule needs it, loaded together with the actor's membership.
 * `actorGroupRole` is the actor's role in an ACTIVE membership; requested, left and
 * removed memberships count as null.
 */
export interface GroupContext {
  groupId: string;
  actorGroupRole: 'member' | 'facilitator' | null;
  isOpen: boolean;
}

/** Closed groups are private: to outsiders (admins aside) they do not exist. */
function isHiddenFrom(actor: Actor | null, group: GroupContext): boolean {
  return !group.isOpen && group.actorGroupRole === null && actor?.role !== 'admin';
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
  if (isHiddenFrom(actor, group)) return deny.notFound('That group');
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
  return deny.forbidden('Only the facilitators of this group can manage it.');
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
  if (isHiddenFrom(actor, group)) return deny.notFound('That group');
  if (!actor) return deny.unauthenticated();
  if (group.actorGroupRole !== null) return allow;
  if (actor.role === 'admin') return checkStaff(actor, ['admin'], ctx, '');
  return deny.forbidden('Only members of this group can see who is in it.');
}
