import type { Actor, PlatformRole } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { ADMIN_ONLY, checkStaff } from './staff.policy.ts';

/** A person as an admin action sees them (already loaded). */
export interface UserTarget {
  id: string;
  role: PlatformRole;
  status: 'active' | 'suspended' | 'deleted';
}

/** Changing someone's platform role. */
export interface RoleChange {
  target: UserTarget;
  newRole: PlatformRole;
  /** Active admins other than the target, counted inside the same transaction. */
  otherActiveAdmins: number;
}

/** Suspending or unsuspending someone. */
export interface SuspensionChange {
  target: UserTarget;
  /** Active admins other than the target, counted inside the same transaction. */
  otherActiveAdmins: number;
}

const isLastActiveAdmin = (target: UserTarget, otherActiveAdmins: number) =>
  target.role === 'admin' && target.status === 'active' && otherActiveAdmins === 0;

/** Entering the admin area at all (every /api/admin request), listing people, reading the audit log. */
export const canUseAdminArea = (actor: Actor | null, ctx: PolicyContext): Decision =>
  checkStaff(actor, ['admin'], ctx, ADMIN_ONLY);

/**
 * What every change to a person checks first: an admin, signed in, and a person who has not
 * been deleted. Callers narrow `actor` with `!first.ok || !actor` (no actor is never ok).
 */
function checkChangeToPerson(
  actor: Actor | null,
  target: UserTarget,
  ctx: PolicyContext,
): Decision {
  const staff = canUseAdminArea(actor, ctx);
  if (!staff.ok) return staff;
  if (!actor) return deny.unauthenticated();
  if (target.status === 'deleted') return deny.notFound('That person');
  return allow;
}

export function canSetRole(actor: Actor | null, change: RoleChange, ctx: PolicyContext): Decision {
  const { target, newRole, otherActiveAdmins } = change;
  const first = checkChangeToPerson(actor, target, ctx);
  if (!first.ok || !actor) return first;
  if (target.id === actor.userId && newRole !== 'admin') {
    return deny.forbidden('You cannot remove your own admin role. Ask another admin to do it.');
  }
  if (newRole !== 'admin' && isLastActiveAdmin(target, otherActiveAdmins)) {
    return deny.conflict('This is the last active admin. Make someone else an admin first.');
  }
  return allow;
}

export function canSuspend(
  actor: Actor | null,
  change: SuspensionChange,
  ctx: PolicyContext,
): Decision {
  const { target, otherActiveAdmins } = change;
  const first = checkChangeToPerson(actor, target, ctx);
  if (!first.ok || !actor) return first;
  if (target.id === actor.userId) return deny.forbidden('You cannot suspend your own account.');
  if (isLastActiveAdmin(target, otherActiveAdmins)) {
    return deny.conflict('This is the last active admin. Make someone else an admin first.');
  }
  return allow;
}

/**
 * Switching off someone's two-step sign-in (they lost their device and recovery codes).
 * Not one's own: an admin with only a session must not be able to remove their own second
 * factor (they turn it off themselves, with their password and a code).
 */
export function canResetTwoFactor(
  actor: Actor | null,
  change: { target: UserTarget },
  ctx: PolicyContext,
): Decision {
  const first = checkChangeToPerson(actor, change.target, ctx);
  if (!first.ok || !actor) return first;
  if (change.target.id === actor.userId) {
    return deny.forbidden(
      'You cannot reset your own two-step sign-in. Turn it off in your security settings.',
    );
  }
  return allow;
}

export function canUnsuspend(
  actor: Actor | null,
  change: SuspensionChange,
  ctx: PolicyContext,
): Decision {
  return checkChangeToPerson(actor, change.target, ctx);
}
