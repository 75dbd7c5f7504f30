import type { Actor, PlatformRole } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canManageFacilitators, type GroupContext } from './group.policy.ts';
import { checkStaff } from './staff.policy.ts';

/** Opening the inbox of suggested changes: facilitators (their groups') and admins (all). */
export const canReadChangeRequestInbox = (actor: Actor | null, ctx: PolicyContext): Decision =>
  checkStaff(
    actor,
    ['admin', 'facilitator'],
    ctx,
    'Only facilitators and admins decide suggested changes.',
  );

/** Whose suggested changes an inbox lists: every group's for admins, else the groups they facilitate. */
export const changeRequestInboxScope = (actor: Actor): 'all' | 'facilitated' =>
  actor.role === 'admin' ? 'all' : 'facilitated';

/** A person an admin wants to make a group's facilitator (null: no such account). */
export interface FacilitatorCandidate {
  group: GroupContext;
  candidate: { role: PlatformRole; status: 'active' | 'suspended' | 'deleted' } | null;
}

/** Adding a facilitator: an admin, naming an active account that holds a staff role. */
export function canAddFacilitator(
  actor: Actor | null,
  { group, candidate }: FacilitatorCandidate,
  ctx: PolicyContext,
): Decision {
  const manages = canManageFacilitators(actor, group, ctx);
  if (!manages.ok) return manages;
  if (!candidate || candidate.status === 'deleted') return deny.notFound('That person');
  if (candidate.status !== 'active') {
    return deny.conflict('That account is suspended: lift the suspension first.');
  }
  if (candidate.role !== 'facilitator' && candidate.role !== 'admin') {
    return deny.conflict(
      'Only trained facilitators can facilitate a group. Give them the facilitator role first.',
    );
  }
  return allow;
}
