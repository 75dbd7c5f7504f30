import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canManageGroup, type GroupContext } from './group.policy.ts';
import { checkStaff } from './staff.policy.ts';

/** What an invitation would grant: admin, or facilitating one group (the actor's standing in it). */
export type InvitationGrant = { role: 'admin' } | { role: 'facilitator'; group: GroupContext };

/**
 * Inviting someone. Admins invite admins, and facilitators to any group. A group's own
 * facilitators may invite co-facilitators to that group only (peer groups recruit their
 * own), never to another group and never an admin. Both are staff actions.
 */
export function canInvite(
  actor: Actor | null,
  grant: InvitationGrant,
  ctx: PolicyContext,
): Decision {
  if (grant.role === 'admin') {
    return checkStaff(actor, ['admin'], ctx, 'Only admins can invite admins.');
  }
  if (actor?.role === 'admin') return checkStaff(actor, ['admin'], ctx, '');
  return canManageGroup(actor, grant.group, ctx);
}

/** Pending invitations: all of them for admins; a group's for those who manage it. */
export function canListInvitations(
  actor: Actor | null,
  scope: { group: GroupContext | null },
  ctx: PolicyContext,
): Decision {
  if (scope.group) return canManageGroup(actor, scope.group, ctx);
  return checkStaff(actor, ['admin'], ctx, 'Only admins can see every invitation.');
}

/** Revoking: admins; and whoever could send that invitation (a group's facilitators for it). */
export function canRevokeInvitation(
  actor: Actor | null,
  grant: InvitationGrant,
  ctx: PolicyContext,
): Decision {
  return canInvite(actor, grant, ctx);
}

/** Accepting: the person signed in with the address the invitation was sent to. */
export function canAcceptInvitation(
  actor: Actor | null,
  invitation: { isForActor: boolean },
): Decision {
  if (!actor) return deny.unauthenticated();
  if (!invitation.isForActor) {
    return deny.forbidden(
      'This invitation was sent to another email address. Sign in with that address to accept it.',
    );
  }
  return allow;
}
