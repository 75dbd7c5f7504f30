import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canUseAdminArea } from './admin.policy.ts';

/** An audit event as far as permissions go: who did it and whom it is about. */
export interface AuditEventRef {
  actorId: string | null;
  subjectId: string | null;
}

/** A person sees events about them or done by them; other people's are "not found". */
export function canReadOwnAuditEvent(actor: Actor | null, event: AuditEventRef): Decision {
  if (!actor) return deny.unauthenticated();
  if (event.subjectId !== actor.userId && event.actorId !== actor.userId) {
    return deny.notFound('That event');
  }
  return allow;
}

/** The whole log (ids and actions only, never content) is for admins. */
export const canReadAuditLog = (actor: Actor | null, ctx: PolicyContext): Decision =>
  canUseAdminArea(actor, ctx);
