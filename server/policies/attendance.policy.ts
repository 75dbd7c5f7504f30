import { SURVEY_MIN_ANSWERS } from '../../contracts/attendance.ts';
import type { Owned } from './account.policy.ts';
import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canManageGroup, type GroupContext } from './group.policy.ts';

/**
 * Attendance is sensitive: it says that someone goes to a recovery group. A person sees
 * their own; a group's facilitators see and mark their group's, per occurrence; admins may
 * too (staff rule), and such a read is audited for each person shown (`isStaffRead`).
 * Nobody else, and never a visitor. The after-meeting question's answers carry no link to
 * a person: facilitators see aggregates only, from SURVEY_MIN_ANSWERS answers on.
 */

/** A person's own attendance history and open questions: only themselves (else 404). */
export function canReadOwnAttendance(actor: Actor | null, owned: Owned): Decision {
  if (!actor) return deny.unauthenticated();
  if (actor.userId !== owned.ownerId) return deny.notFound('That attendance');
  return allow;
}

/**
 * A group's attendance per occurrence (reading, marking, the check-in code, the survey's
 * aggregate): its facilitators and admins, both under the staff rule. An active member is
 * told no (403); anyone outside the group learns nothing (404).
 */
export function canManageAttendance(
  actor: Actor | null,
  group: GroupContext,
  ctx: PolicyContext,
): Decision {
  const decision = canManageGroup(actor, group, ctx);
  if (decision.ok || decision.code !== 'forbidden') return decision;
  if (group.actorGroupRole === 'member') {
    return deny.forbidden("Only the group's facilitators can see who came to a meeting.");
  }
  return deny.notFound('That meeting');
}

/** Whether an allowed read of a group's attendance is an admin's (audited as such). */
export const isStaffRead = (actor: Actor, group: GroupContext): boolean =>
  group.actorGroupRole !== 'facilitator' && actor.role === 'admin';

/**
 * Checking in with a code: the group's active members and facilitators. Outside an open
 * group: 403 (join first); outside a closed one: 404.
 */
export function canCheckIn(actor: Actor | null, group: GroupContext): Decision {
  if (!actor) return deny.unauthenticated();
  if (group.actorGroupRole !== null) return allow;
  if (group.isOpen) return deny.forbidden('Join this group to check in to its meetings.');
  return deny.notFound('That meeting');
}

/** What a survey answer needs: whether the actor attended the occurrence. */
export interface SurveyAnswerer {
  attended: boolean;
}

/** Answering "How helpful was today's meeting?": only someone who attended it. */
export function canAnswerSurvey(actor: Actor | null, answerer: SurveyAnswerer): Decision {
  if (!actor) return deny.unauthenticated();
  if (!answerer.attended) {
    return deny.forbidden('This question is for the people who were at this meeting.');
  }
  return allow;
}

/** k-anonymity: the aggregate shows only from SURVEY_MIN_ANSWERS answers on. */
export const areSurveyResultsShown = (count: number): boolean => count >= SURVEY_MIN_ANSWERS;
