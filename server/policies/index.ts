import { AppError } from '../lib/errors.ts';
import {
  canDeleteAccount,
  canUseOwnAccount,
  type AccountDeletion,
  type Owned,
} from './account.policy.ts';
import type { Actor } from './actor.ts';
import {
  canResetTwoFactor,
  canSetRole,
  canSuspend,
  canUnsuspend,
  canUseAdminArea,
  type RoleChange,
  type SuspensionChange,
  type UserTarget,
} from './admin.policy.ts';
import {
  canAnswerSurvey,
  canCheckIn,
  canManageAttendance,
  canReadOwnAttendance,
  type SurveyAnswerer,
} from './attendance.policy.ts';
import { canReadAuditLog, canReadOwnAuditEvent, type AuditEventRef } from './audit.policy.ts';
import { strictPolicyContext, type Decision, type PolicyContext } from './decision.ts';
import {
  canCreateGroup,
  canDecideMembership,
  canJoinGroup,
  canLeaveGroup,
  canManageFacilitators,
  canManageGroup,
  canReadGroupMembers,
  type GroupContext,
  type GroupJoin,
  type GroupLeave,
  type MembershipDecision,
} from './group.policy.ts';
import {
  canAcceptInvitation,
  canInvite,
  canListInvitations,
  canRevokeInvitation,
  type InvitationGrant,
} from './invitation.policy.ts';
import {
  canBeRemindedOfMeeting,
  canDecideChangeRequest,
  canReadMeetingDetails,
} from './meeting.policy.ts';
import {
  canAddFacilitator,
  canReadChangeRequestInbox,
  type FacilitatorCandidate,
} from './staff-work.policy.ts';

export type { Actor, PlatformRole } from './actor.ts';
export { actorFromUser } from './actor.ts';
export type { AccountDeletion, Owned } from './account.policy.ts';
export type { RoleChange, SuspensionChange, UserTarget } from './admin.policy.ts';
export type { AuditEventRef } from './audit.policy.ts';
export type { SurveyAnswerer } from './attendance.policy.ts';
export { areSurveyResultsShown, isStaffRead } from './attendance.policy.ts';
export type { Decision, Denial, PolicyContext } from './decision.ts';
export { strictPolicyContext } from './decision.ts';
export type {
  GroupContext,
  GroupJoin,
  GroupLeave,
  MembershipDecision,
  MembershipStatus,
} from './group.policy.ts';
export type { InvitationGrant } from './invitation.policy.ts';
export type { MeetingSecrets, MeetingVisibility } from './meeting.policy.ts';
export type { FacilitatorCandidate } from './staff-work.policy.ts';
export { changeRequestInboxScope } from './staff-work.policy.ts';
export {
  groupContextOf,
  isPersonalView,
  meetingVisibility,
  projectMeeting,
  projectOccurrence,
  publicMeetingVisibility,
} from './meeting.policy.ts';

/** Every action and the already-loaded record its rule needs (undefined: none). */
export interface ActionResources {
  /** Any request under /api/admin. */
  'admin.access': undefined;
  'admin.users.list': undefined;
  'admin.users.set_role': RoleChange;
  'admin.users.suspend': SuspensionChange;
  'admin.users.unsuspend': SuspensionChange;
  /** Switching off someone else's two-step sign-in. */
  'admin.users.reset_two_factor': { target: UserTarget };
  'admin.audit.read': undefined;
  'account.read': Owned;
  'account.update': Owned;
  'account.delete': AccountDeletion;
  'audit.read_own': AuditEventRef;
  'group.create': undefined;
  /** Managing a group's meetings and memberships (its facilitators and admins). */
  'group.manage': GroupContext;
  /** Editing the group itself; the same people as `group.manage`. */
  'group.update': GroupContext;
  'group.join': GroupJoin;
  'group.leave': GroupLeave;
  /** Approve or decline a request, remove a member. */
  'group.membership.decide': MembershipDecision;
  'group.members.read': GroupContext;
  /** Add or remove a group's facilitators. */
  'group.facilitators.manage': GroupContext;
  /** Making a given account a facilitator of the group (it must hold a staff role). */
  'group.facilitators.add': FacilitatorCandidate;
  /**
   * A meeting's hidden parts: place, ways to join, notes, topics and readings (see
   * `meetingVisibility` for the parts one by one).
   */
  'meeting.details.read': GroupContext;
  /** Accept or reject a suggested change (404 to those outside the group's staff). */
  'meeting.change_request.decide': GroupContext;
  /** Choosing and receiving reminders of a group's meetings (404 for a closed group's outsiders). */
  'meeting.remind': GroupContext;
  /** The inbox of suggested changes across the groups the actor runs. */
  'meeting.change_request.inbox': undefined;
  /** Inviting someone by email to be an admin or to facilitate a group. */
  'invitation.create': InvitationGrant;
  /** Pending invitations: every one (group null) or one group's. */
  'invitation.list': { group: GroupContext | null };
  'invitation.revoke': InvitationGrant;
  /** Accepting: only with the account of the address it was sent to. */
  'invitation.accept': { isForActor: boolean };
  /** A person's own attendance history and open after-meeting questions. */
  'attendance.read_own': Owned;
  /** A group's attendance per occurrence, and its survey aggregate (facilitators, admins). */
  'attendance.read_group': GroupContext;
  /** Marking who came, and showing the check-in code (facilitators, admins). */
  'attendance.mark': GroupContext;
  /** Checking in to an in-person occurrence with its code (the group's people). */
  'attendance.check_in': GroupContext;
  /** Answering the after-meeting question (those who attended). */
  'attendance.survey.answer': SurveyAnswerer;
}

export type Action = keyof ActionResources;

type Rule<A extends Action> = (
  actor: Actor | null,
  resource: ActionResources[A],
  ctx: PolicyContext,
) => Decision;

const rules: { [A in Action]: Rule<A> } = {
  'admin.access': (actor, _r, ctx) => canUseAdminArea(actor, ctx),
  'admin.users.list': (actor, _r, ctx) => canUseAdminArea(actor, ctx),
  'admin.users.set_role': canSetRole,
  'admin.users.suspend': canSuspend,
  'admin.users.unsuspend': canUnsuspend,
  'admin.users.reset_two_factor': canResetTwoFactor,
  'admin.audit.read': (actor, _r, ctx) => canReadAuditLog(actor, ctx),
  'account.read': (actor, r) => canUseOwnAccount(actor, r),
  'account.update': (actor, r) => canUseOwnAccount(actor, r),
  'account.delete': (actor, r) => canDeleteAccount(actor, r),
  'audit.read_own': (actor, r) => canReadOwnAuditEvent(actor, r),
  'group.create': (actor, _r, ctx) => canCreateGroup(actor, ctx),
  'group.manage': canManageGroup,
  'group.update': canManageGroup,
  'group.join': (actor, r) => canJoinGroup(actor, r),
  'group.leave': (actor, r) => canLeaveGroup(actor, r),
  'group.membership.decide': canDecideMembership,
  'group.members.read': canReadGroupMembers,
  'group.facilitators.manage': canManageFacilitators,
  'meeting.details.read': canReadMeetingDetails,
  'meeting.change_request.decide': canDecideChangeRequest,
  'meeting.remind': (actor, r) => canBeRemindedOfMeeting(actor, r),
  'meeting.change_request.inbox': (actor, _r, ctx) => canReadChangeRequestInbox(actor, ctx),
  'group.facilitators.add': canAddFacilitator,
  'invitation.create': canInvite,
  'invitation.list': canListInvitations,
  'invitation.revoke': canRevokeInvitation,
  'invitation.accept': (actor, r) => canAcceptInvitation(actor, r),
  'attendance.read_own': (actor, r) => canReadOwnAttendance(actor, r),
  'attendance.read_group': canManageAttendance,
  'attendance.mark': canManageAttendance,
  'attendance.check_in': (actor, r) => canCheckIn(actor, r),
  'attendance.survey.answer': (actor, r) => canAnswerSurvey(actor, r),
};

/** Every action name, for tests and documentation. */
export const actions = Object.keys(rules) as Action[];

/** The full answer (allowed, or the status, code and message of the refusal). */
export function decide<A extends Action>(
  actor: Actor | null,
  action: A,
  resource: ActionResources[A],
  ctx: PolicyContext = strictPolicyContext,
): Decision {
  return rules[action](actor, resource, ctx);
}

/** Whether `actor` may do `action` on `resource`. Pure: never queries. */
export function can<A extends Action>(
  actor: Actor | null,
  action: A,
  resource: ActionResources[A],
  ctx: PolicyContext = strictPolicyContext,
): boolean {
  return decide(actor, action, resource, ctx).ok;
}

/**
 * The actions a visitor (no actor) may be allowed; every other action needs someone signed
 * in, so `authorize` on it asserts the actor (the table test keeps this list true).
 */
export const VISITOR_ACTIONS = ['meeting.details.read'] as const satisfies readonly Action[];
export type VisitorAction = (typeof VISITOR_ACTIONS)[number];
const visitorActions: ReadonlySet<Action> = new Set(VISITOR_ACTIONS);

/**
 * Like `can`, but throws the AppError (401, 403, 404 or 409) that explains the refusal.
 * Past it, the actor is known to be signed in (except for the few `VISITOR_ACTIONS`).
 */
export function authorize<A extends Exclude<Action, VisitorAction>>(
  actor: Actor | null,
  action: A,
  resource: ActionResources[A],
  ctx?: PolicyContext,
): asserts actor is Actor;
export function authorize<A extends VisitorAction>(
  actor: Actor | null,
  action: A,
  resource: ActionResources[A],
  ctx?: PolicyContext,
): void;
export function authorize<A extends Action>(
  actor: Actor | null,
  action: A,
  resource: ActionResources[A],
  ctx?: PolicyContext,
): void;
export function authorize<A extends Action>(
  actor: Actor | null,
  action: A,
  resource: ActionResources[A],
  ctx: PolicyContext = strictPolicyContext,
): void {
  const decision = decide(actor, action, resource, ctx);
  if (!decision.ok) throw new AppError(decision.status, decision.code, decision.message);
  // Never let a rule's slip make the assertion false.
  if (!actor && !visitorActions.has(action)) {
    throw new AppError(401, 'unauthenticated', 'Please sign in to continue.');
  }
}

/**
 * The gate of every /api/admin route, as a `preValidation` hook (it runs before validation,
 * so an outsider learns nothing from a 400).
 */
export const adminGate =
  (ctx: PolicyContext) =>
  async (request: { actor: Actor | null }): Promise<void> => {
    authorize(request.actor, 'admin.access', undefined, ctx);
  };

/** The policy settings for this deployment. */
export const policyContext = (config: { requireStaffTwoFactor: boolean }): PolicyContext => ({
  requireStaffTwoFactor: config.requireStaffTwoFactor,
});
