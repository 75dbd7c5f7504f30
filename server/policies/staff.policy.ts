import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';

/**
 * The gate every staff action passes first: the right platform role and, when the
 * organisation requires it, two-factor turned on.
 */
export function checkStaff(
  actor: Actor | null,
  roles: readonly Actor['role'][],
  ctx: PolicyContext,
  message: string,
): Decision {
  if (!actor) return deny.unauthenticated();
  if (!roles.includes(actor.role)) return deny.forbidden(message);
  if (ctx.requireStaffTwoFactor && !actor.twoFactorEnabled) return deny.twoFactorRequired();
  return allow;
}

export const ADMIN_ONLY = 'Only admins can use the admin tools.';
