import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import {
  actions,
  authorize,
  can,
  decide,
  groupContextOf,
  isPersonalView,
  meetingVisibility,
  projectMeeting,
  projectOccurrence,
  publicMeetingVisibility,
  strictPolicyContext,
  VISITOR_ACTIONS,
  type Action,
  type ActionResources,
  type Actor,
  type MembershipStatus,
  type PolicyContext,
} from './index.ts';

// The role × action × state table. Every cell is written out: reading a row tells you
// who may do what, and a change to any rule shows up as a changed cell in review.

const roles = [
  'visitor',
  'member',
  'facilitator',
  'facilitator-no-2fa',
  'admin',
  'admin-no-2fa',
] as const;
type RoleName = (typeof roles)[number];

const actorsByRole: Record<RoleName, Actor | null> = {
  visitor: null,
  member: { userId: 'u-member', role: 'member', twoFactorEnabled: false, sessionId: 's1' },
  facilitator: { userId: 'u-fac', role: 'facilitator', twoFactorEnabled: true, sessionId: 's2' },
  'facilitator-no-2fa': {
    userId: 'u-fac0',
    role: 'facilitator',
    twoFactorEnabled: false,
    sessionId: 's3',
  },
  admin: { userId: 'u-admin', role: 'admin', twoFactorEnabled: true, sessionId: 's4' },
  'admin-no-2fa': { userId: 'u-admin0', role: 'admin', twoFactorEnabled: false, sessionId: 's5' },
};

/** ok, or the refusal: 401, 403, 2fa (403 two_factor_required), 404, 409. */
type Outcome = 'ok' | '401' | '403' | '2fa' | '404' | '409';

interface Row<A extends Action> {
  action: A;
  state: string;
  /** Builds the resource for a given actor (ownership is relative to who asks). */
  resource: (me: string) => ActionResources[A];
  /** One outcome per role, in the order of `roles`. */
  expect: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
}

const row = <A extends Action>(r: Row<A>) => r as unknown as Row<Action>;
const none = () => undefined;
const person = (
  id: string,
  role: Actor['role'] = 'member',
  status: 'active' | 'suspended' | 'deleted' = 'active',
) => ({ id, role, status });
const group = (isOpen: boolean, actorGroupRole: 'member' | 'facilitator' | null) => () => ({
  groupId: 'g1',
  isOpen,
  actorGroupRole,
});
const join =
  (isOpen: boolean, membershipStatus: MembershipStatus | null, isFull: boolean) => () => ({
    groupId: 'g1',
    isOpen,
    actorGroupRole: membershipStatus === 'active' ? ('member' as const) : null,
    membershipStatus,
    isFull,
  });
const leave = (membershipStatus: MembershipStatus | null) => () => ({
  groupId: 'g1',
  isOpen: true,
  actorGroupRole: membershipStatus === 'active' ? ('member' as const) : null,
  membershipStatus,
});
const decision =
  (
    isOpen: boolean,
    actorGroupRole: 'member' | 'facilitator' | null,
    targetRole: 'member' | 'facilitator',
  ) =>
  () => ({ groupId: 'g1', isOpen, actorGroupRole, targetRole });
/** A group seen through the actor's membership in a given state (null: none, or deleted). */
const standing =
  (
    isOpen: boolean,
    membership: { status: MembershipStatus; role: 'member' | 'facilitator' } | null,
  ) =>
  () =>
    groupContextOf({ id: 'g1', isOpen }, membership);
/** Every membership state a person can be in, as the visibility rows walk them. */
const membershipStates = [
  { state: 'no membership', membership: null },
  { state: 'request waiting', membership: { status: 'requested', role: 'member' } },
  { state: 'active member', membership: { status: 'active', role: 'member' } },
  { state: 'active facilitator', membership: { status: 'active', role: 'facilitator' } },
  { state: 'left', membership: { status: 'left', role: 'member' } },
  { state: 'removed', membership: { status: 'removed', role: 'member' } },
  { state: 'facilitator who left', membership: { status: 'left', role: 'facilitator' } },
  // Deleting an account removes its memberships: a former member has none left.
  { state: 'former member (account deleted)', membership: null },
] as const;
const self = (me: string) => person(me || 'nobody', me.includes('admin') ? 'admin' : 'member');

// `expect` columns: visitor, member, facilitator, facilitator-no-2fa, admin, admin-no-2fa.
const table: Row<Action>[] = [
  row({
    action: 'meeting.change_request.inbox',
    state: 'any',
    resource: none,
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.add',
    state: 'candidate is an active facilitator',
    resource: () => ({
      group: group(true, null)(),
      candidate: { role: 'facilitator' as const, status: 'active' as const },
    }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.add',
    state: 'candidate is an active admin',
    resource: () => ({
      group: group(true, null)(),
      candidate: { role: 'admin' as const, status: 'active' as const },
    }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.add',
    state: 'candidate is an active member',
    resource: () => ({
      group: group(true, null)(),
      candidate: { role: 'member' as const, status: 'active' as const },
    }),
    expect: ['401', '403', '403', '403', '409', '2fa'],
  }),
  row({
    action: 'group.facilitators.add',
    state: 'candidate is a suspended facilitator',
    resource: () => ({
      group: group(true, null)(),
      candidate: { role: 'facilitator' as const, status: 'suspended' as const },
    }),
    expect: ['401', '403', '403', '403', '409', '2fa'],
  }),
  row({
    action: 'group.facilitators.add',
    state: 'candidate is a deleted facilitator',
    resource: () => ({
      group: group(true, null)(),
      candidate: { role: 'facilitator' as const, status: 'deleted' as const },
    }),
    expect: ['401', '403', '403', '403', '404', '2fa'],
  }),
  row({
    action: 'group.facilitators.add',
    state: 'candidate is no such account',
    resource: () => ({ group: group(true, null)(), candidate: null }),
    expect: ['401', '403', '403', '403', '404', '2fa'],
  }),
  row({
    action: 'invitation.create',
    state: 'an admin',
    resource: () => ({ role: 'admin' as const }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.create',
    state: 'a facilitator of a group the actor facilitates',
    resource: () => ({ role: 'facilitator' as const, group: group(true, 'facilitator')() }),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.create',
    state: 'a facilitator of a group the actor is a member of',
    resource: () => ({ role: 'facilitator' as const, group: group(true, 'member')() }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.create',
    state: 'a facilitator of a group the actor is not in',
    resource: () => ({ role: 'facilitator' as const, group: group(false, null)() }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.list',
    state: 'every invitation',
    resource: () => ({ group: null }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.list',
    state: "a group's, its facilitator",
    resource: () => ({ group: group(true, 'facilitator')() }),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.list',
    state: "a group's, not its facilitator",
    resource: () => ({ group: group(true, 'member')() }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.revoke',
    state: 'an admin invitation',
    resource: () => ({ role: 'admin' as const }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.revoke',
    state: 'a facilitator invitation to a group the actor facilitates',
    resource: () => ({ role: 'facilitator' as const, group: group(true, 'facilitator')() }),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.revoke',
    state: 'a facilitator invitation to another group',
    resource: () => ({ role: 'facilitator' as const, group: group(true, null)() }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'invitation.accept',
    state: 'sent to the actor',
    resource: () => ({ isForActor: true }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'invitation.accept',
    state: 'sent to someone else',
    resource: () => ({ isForActor: false }),
    expect: ['401', '403', '403', '403', '403', '403'],
  }),
  row({
    action: 'admin.access',
    state: 'any',
    resource: none,
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.list',
    state: 'any',
    resource: none,
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.audit.read',
    state: 'any',
    resource: none,
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),

  row({
    action: 'admin.users.set_role',
    state: 'promote another member to facilitator',
    resource: () => ({ target: person('other'), newRole: 'facilitator', otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.set_role',
    state: 'demote another admin (others remain)',
    resource: () => ({ target: person('other', 'admin'), newRole: 'member', otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.set_role',
    state: 'demote the last active admin',
    resource: () => ({ target: person('other', 'admin'), newRole: 'member', otherActiveAdmins: 0 }),
    expect: ['401', '403', '403', '403', '409', '2fa'],
  }),
  row({
    action: 'admin.users.set_role',
    state: 'promote when the target is a suspended admin (no admin lost)',
    resource: () => ({
      target: person('other', 'admin', 'suspended'),
      newRole: 'member',
      otherActiveAdmins: 0,
    }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.set_role',
    state: 'demote myself',
    resource: (me) => ({ target: self(me), newRole: 'member', otherActiveAdmins: 3 }),
    expect: ['401', '403', '403', '403', '403', '2fa'],
  }),
  row({
    action: 'admin.users.set_role',
    state: 'keep my own admin role',
    resource: (me) => ({ target: self(me), newRole: 'admin', otherActiveAdmins: 0 }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.set_role',
    state: 'a deleted account',
    resource: () => ({
      target: person('other', 'member', 'deleted'),
      newRole: 'facilitator',
      otherActiveAdmins: 1,
    }),
    expect: ['401', '403', '403', '403', '404', '2fa'],
  }),

  row({
    action: 'admin.users.reset_two_factor',
    state: 'another member',
    resource: () => ({ target: person('other') }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.reset_two_factor',
    state: 'myself',
    resource: (me) => ({ target: self(me) }),
    expect: ['401', '403', '403', '403', '403', '2fa'],
  }),
  row({
    action: 'admin.users.reset_two_factor',
    state: 'a deleted account',
    resource: () => ({ target: person('other', 'member', 'deleted') }),
    expect: ['401', '403', '403', '403', '404', '2fa'],
  }),

  row({
    action: 'admin.users.suspend',
    state: 'another member',
    resource: () => ({ target: person('other'), otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.suspend',
    state: 'an already suspended member',
    resource: () => ({ target: person('other', 'member', 'suspended'), otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.suspend',
    state: 'myself',
    resource: (me) => ({ target: self(me), otherActiveAdmins: 3 }),
    expect: ['401', '403', '403', '403', '403', '2fa'],
  }),
  row({
    action: 'admin.users.suspend',
    state: 'the last active admin',
    resource: () => ({ target: person('other', 'admin'), otherActiveAdmins: 0 }),
    expect: ['401', '403', '403', '403', '409', '2fa'],
  }),
  row({
    action: 'admin.users.suspend',
    state: 'a deleted account',
    resource: () => ({ target: person('other', 'member', 'deleted'), otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', '404', '2fa'],
  }),

  row({
    action: 'admin.users.unsuspend',
    state: 'a suspended member',
    resource: () => ({ target: person('other', 'member', 'suspended'), otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'admin.users.unsuspend',
    state: 'a deleted account',
    resource: () => ({ target: person('other', 'member', 'deleted'), otherActiveAdmins: 1 }),
    expect: ['401', '403', '403', '403', '404', '2fa'],
  }),

  row({
    action: 'account.read',
    state: 'my own',
    resource: (me) => ({ ownerId: me }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'account.read',
    state: "someone else's",
    resource: () => ({ ownerId: 'other' }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'account.update',
    state: 'my own',
    resource: (me) => ({ ownerId: me }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'account.update',
    state: "someone else's",
    resource: () => ({ ownerId: 'other' }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'account.delete',
    state: 'my own',
    resource: (me) => ({ ownerId: me, isLastActiveAdmin: false }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'account.delete',
    state: 'my own, as the last active admin',
    resource: (me) => ({ ownerId: me, isLastActiveAdmin: true }),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'account.delete',
    state: "someone else's",
    resource: () => ({ ownerId: 'other', isLastActiveAdmin: false }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),

  row({
    action: 'audit.read_own',
    state: 'an event about me',
    resource: (me) => ({ subjectId: me, actorId: 'other' }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'audit.read_own',
    state: 'an event I did',
    resource: (me) => ({ subjectId: 'other', actorId: me }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'audit.read_own',
    state: "someone else's event",
    resource: () => ({ subjectId: 'other', actorId: 'other' }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'audit.read_own',
    state: 'a system event about nobody',
    resource: () => ({ subjectId: null, actorId: null }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),

  row({
    action: 'group.create',
    state: 'any',
    resource: none,
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.manage',
    state: 'open group, not in it',
    resource: group(true, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.manage',
    state: 'open group, a member of it',
    resource: group(true, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.manage',
    state: 'open group, its facilitator',
    resource: group(true, 'facilitator'),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.manage',
    state: 'closed group, not in it',
    resource: group(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.manage',
    state: 'closed group, a member of it',
    resource: group(false, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.manage',
    state: 'closed group, its facilitator',
    resource: group(false, 'facilitator'),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.update',
    state: 'open group, not in it',
    resource: group(true, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.update',
    state: 'open group, a member of it',
    resource: group(true, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.update',
    state: 'open group, its facilitator',
    resource: group(true, 'facilitator'),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.update',
    state: 'closed group, not in it',
    resource: group(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.update',
    state: 'closed group, a member of it',
    resource: group(false, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.update',
    state: 'closed group, its facilitator',
    resource: group(false, 'facilitator'),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),

  row({
    action: 'group.join',
    state: 'open group, never joined, places left',
    resource: join(true, null, false),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.join',
    state: 'closed group, never joined (asks to join)',
    resource: join(false, null, false),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.join',
    state: 'open group, full',
    resource: join(true, null, true),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'group.join',
    state: 'closed group, full',
    resource: join(false, null, true),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'group.join',
    state: 'closed group, my request is waiting (asking again)',
    resource: join(false, 'requested', true),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.join',
    state: 'already a member',
    resource: join(true, 'active', false),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'group.join',
    state: 'left before',
    resource: join(true, 'left', false),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.join',
    state: 'removed before (becomes a request)',
    resource: join(true, 'removed', false),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),

  row({
    action: 'group.leave',
    state: 'a member',
    resource: leave('active'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.leave',
    state: 'my request is waiting (withdraw it)',
    resource: leave('requested'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.leave',
    state: 'never joined',
    resource: leave(null),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'group.leave',
    state: 'already left',
    resource: leave('left'),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'group.leave',
    state: 'removed',
    resource: leave('removed'),
    expect: ['401', '409', '409', '409', '409', '409'],
  }),

  row({
    action: 'group.membership.decide',
    state: 'a member, open group, not in it',
    resource: decision(true, null, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.membership.decide',
    state: 'a member, open group, a member of it',
    resource: decision(true, 'member', 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.membership.decide',
    state: 'a member, open group, its facilitator',
    resource: decision(true, 'facilitator', 'member'),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.membership.decide',
    state: 'a member, closed group, not in it',
    resource: decision(false, null, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.membership.decide',
    state: 'a member, closed group, its facilitator',
    resource: decision(false, 'facilitator', 'member'),
    expect: ['401', '403', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.membership.decide',
    state: 'a facilitator, as its facilitator',
    resource: decision(true, 'facilitator', 'facilitator'),
    expect: ['401', '403', '403', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'group.membership.decide',
    state: 'a facilitator, not in it',
    resource: decision(true, null, 'facilitator'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),

  row({
    action: 'group.members.read',
    state: 'open group, not in it',
    resource: group(true, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.members.read',
    state: 'open group, a member of it',
    resource: group(true, 'member'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.members.read',
    state: 'open group, its facilitator',
    resource: group(true, 'facilitator'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.members.read',
    state: 'closed group, not in it',
    resource: group(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.members.read',
    state: 'closed group, a member of it',
    resource: group(false, 'member'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'group.members.read',
    state: 'closed group, its facilitator',
    resource: group(false, 'facilitator'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),

  row({
    action: 'group.facilitators.manage',
    state: 'open group, not in it',
    resource: group(true, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.manage',
    state: 'open group, a member of it',
    resource: group(true, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.manage',
    state: 'open group, its facilitator',
    resource: group(true, 'facilitator'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.manage',
    state: 'closed group, not in it',
    resource: group(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.manage',
    state: 'closed group, a member of it',
    resource: group(false, 'member'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'group.facilitators.manage',
    state: 'closed group, its facilitator',
    resource: group(false, 'facilitator'),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),

  row({
    action: 'meeting.details.read',
    state: 'open group, not in it',
    resource: group(true, null),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, a member of it',
    resource: group(true, 'member'),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, its facilitator',
    resource: group(true, 'facilitator'),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, not in it',
    resource: group(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, a member of it',
    resource: group(false, 'member'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, its facilitator',
    resource: group(false, 'facilitator'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, no membership',
    resource: standing(true, null),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, request waiting',
    resource: standing(true, { status: 'requested', role: 'member' }),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, active member',
    resource: standing(true, { status: 'active', role: 'member' }),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, active facilitator',
    resource: standing(true, { status: 'active', role: 'facilitator' }),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, left',
    resource: standing(true, { status: 'left', role: 'member' }),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, removed',
    resource: standing(true, { status: 'removed', role: 'member' }),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, facilitator who left',
    resource: standing(true, { status: 'left', role: 'facilitator' }),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'open group, former member (account deleted)',
    resource: standing(true, null),
    expect: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, no membership',
    resource: standing(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, request waiting',
    resource: standing(false, { status: 'requested', role: 'member' }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, active member',
    resource: standing(false, { status: 'active', role: 'member' }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, active facilitator',
    resource: standing(false, { status: 'active', role: 'facilitator' }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, left',
    resource: standing(false, { status: 'left', role: 'member' }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, removed',
    resource: standing(false, { status: 'removed', role: 'member' }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, facilitator who left',
    resource: standing(false, { status: 'left', role: 'facilitator' }),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.details.read',
    state: 'closed group, former member (account deleted)',
    resource: standing(false, null),
    expect: ['401', '403', '403', '403', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.remind',
    state: 'open group, not in it',
    resource: group(true, null),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.remind',
    state: 'closed group, not in it',
    resource: group(false, null),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'meeting.remind',
    state: 'closed group, a member of it',
    resource: group(false, 'member'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.remind',
    state: 'closed group, its facilitator',
    resource: group(false, 'facilitator'),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, no membership',
    resource: standing(true, null),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, request waiting',
    resource: standing(true, { status: 'requested', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, active member',
    resource: standing(true, { status: 'active', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, active facilitator',
    resource: standing(true, { status: 'active', role: 'facilitator' }),
    expect: ['401', '404', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, left',
    resource: standing(true, { status: 'left', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, removed',
    resource: standing(true, { status: 'removed', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, facilitator who left',
    resource: standing(true, { status: 'left', role: 'facilitator' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'open group, former member (account deleted)',
    resource: standing(true, null),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, no membership',
    resource: standing(false, null),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, request waiting',
    resource: standing(false, { status: 'requested', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, active member',
    resource: standing(false, { status: 'active', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, active facilitator',
    resource: standing(false, { status: 'active', role: 'facilitator' }),
    expect: ['401', '404', 'ok', '2fa', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, left',
    resource: standing(false, { status: 'left', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, removed',
    resource: standing(false, { status: 'removed', role: 'member' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, facilitator who left',
    resource: standing(false, { status: 'left', role: 'facilitator' }),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  row({
    action: 'meeting.change_request.decide',
    state: 'closed group, former member (account deleted)',
    resource: standing(false, null),
    expect: ['401', '404', '404', '404', 'ok', '2fa'],
  }),
  // Attendance (sensitive): own history; a group's per occurrence for its facilitators and
  // admins; check-in for the group's people; the question for those who attended.
  row({
    action: 'attendance.read_own',
    state: 'own history',
    resource: (me) => ({ ownerId: me || 'nobody' }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'attendance.read_own',
    state: "someone else's history",
    resource: () => ({ ownerId: 'someone-else' }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  ...(['attendance.read_group', 'attendance.mark'] as const).flatMap((action) => [
    row({
      action,
      state: 'closed group, active facilitator',
      resource: standing(false, { status: 'active', role: 'facilitator' }),
      expect: ['401', '404', 'ok', '2fa', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'open group, active facilitator',
      resource: standing(true, { status: 'active', role: 'facilitator' }),
      expect: ['401', '404', 'ok', '2fa', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'closed group, active member',
      resource: standing(false, { status: 'active', role: 'member' }),
      expect: ['401', '403', '403', '403', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'closed group, no membership',
      resource: standing(false, null),
      expect: ['401', '404', '404', '404', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'open group, no membership',
      resource: standing(true, null),
      expect: ['401', '404', '404', '404', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'closed group, request waiting',
      resource: standing(false, { status: 'requested', role: 'member' }),
      expect: ['401', '404', '404', '404', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'closed group, removed',
      resource: standing(false, { status: 'removed', role: 'member' }),
      expect: ['401', '404', '404', '404', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'open group, left',
      resource: standing(true, { status: 'left', role: 'member' }),
      expect: ['401', '404', '404', '404', 'ok', '2fa'],
    }),
    row({
      action,
      state: 'closed group, facilitator who left',
      resource: standing(false, { status: 'left', role: 'facilitator' }),
      expect: ['401', '404', '404', '404', 'ok', '2fa'],
    }),
  ]),
  row({
    action: 'attendance.check_in',
    state: 'open group, active member',
    resource: standing(true, { status: 'active', role: 'member' }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'attendance.check_in',
    state: 'closed group, active facilitator',
    resource: standing(false, { status: 'active', role: 'facilitator' }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'attendance.check_in',
    state: 'open group, no membership',
    resource: standing(true, null),
    expect: ['401', '403', '403', '403', '403', '403'],
  }),
  row({
    action: 'attendance.check_in',
    state: 'closed group, no membership',
    resource: standing(false, null),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'attendance.check_in',
    state: 'closed group, request waiting',
    resource: standing(false, { status: 'requested', role: 'member' }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'attendance.check_in',
    state: 'closed group, removed',
    resource: standing(false, { status: 'removed', role: 'member' }),
    expect: ['401', '404', '404', '404', '404', '404'],
  }),
  row({
    action: 'attendance.survey.answer',
    state: 'attended the occurrence',
    resource: () => ({ attended: true }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'attendance.survey.answer',
    state: 'did not attend',
    resource: () => ({ attended: false }),
    expect: ['401', '403', '403', '403', '403', '403'],
  }),
];

/** What `fn` threw; fails the test when it returns instead. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return expect.fail('expected a throw, but it returned');
}

function outcome(actor: Actor | null, r: Row<Action>, ctx?: PolicyContext): Outcome {
  const d = decide(actor, r.action, r.resource(actor?.userId ?? ''), ctx);
  if (d.ok) return 'ok';
  if (d.code === 'two_factor_required') return '2fa';
  return String(d.status) as Outcome;
}

describe('the permission table (staff two-factor required)', () => {
  it('has at least one row for every action', () => {
    expect(new Set(table.map((r) => r.action))).toEqual(new Set(actions));
  });

  for (const r of table) {
    it(`${r.action} — ${r.state}`, () => {
      const got = roles.map((role) => outcome(actorsByRole[role], r));
      expect(Object.fromEntries(roles.map((role, i) => [role, got[i]]))).toEqual(
        Object.fromEntries(roles.map((role, i) => [role, r.expect[i]])),
      );
      // `can` agrees with `decide` in every cell.
      roles.forEach((role, i) => {
        const actor = actorsByRole[role];
        expect(can(actor, r.action, r.resource(actor?.userId ?? ''))).toBe(r.expect[i] === 'ok');
      });
      // `authorize` throws exactly where the table refuses, with the refusal's status.
      roles.forEach((role, i) => {
        const actor = actorsByRole[role];
        const run = () => authorize(actor, r.action, r.resource(actor?.userId ?? ''));
        if (r.expect[i] === 'ok') {
          expect(run, role).not.toThrow();
          return;
        }
        const err = thrownBy(run);
        expect(err, role).toBeInstanceOf(AppError);
        const { status, code } = err as AppError;
        expect(code === 'two_factor_required' ? '2fa' : String(status), role).toBe(r.expect[i]);
      });
    });
  }
});

describe('the permission table (staff two-factor optional)', () => {
  const relaxed: PolicyContext = { requireStaffTwoFactor: false };
  it('lets staff without two-factor do exactly what staff with it may do', () => {
    for (const r of table) {
      const withTwoFactor = outcome(actorsByRole.admin, r);
      const adminNo2fa = { ...actorsByRole['admin-no-2fa']!, userId: 'u-admin' };
      expect(outcome(adminNo2fa, r, relaxed), `${r.action} — ${r.state}`).toBe(withTwoFactor);
      const facNo2fa = { ...actorsByRole['facilitator-no-2fa']!, userId: 'u-fac' };
      expect(outcome(facNo2fa, r, relaxed), `${r.action} — ${r.state}`).toBe(
        outcome(actorsByRole.facilitator, r),
      );
    }
  });
});

describe('authorize', () => {
  it('asserts a signed-in actor except for the actions that list a visitor as allowed', () => {
    const allowsVisitor = new Set(table.filter((r) => r.expect[0] === 'ok').map((r) => r.action));
    expect([...allowsVisitor].sort()).toEqual([...VISITOR_ACTIONS].sort());
  });

  it('throws a typed AppError that explains the refusal', () => {
    const admin0 = actorsByRole['admin-no-2fa'];
    const refused = thrownBy(() => authorize(admin0, 'admin.users.list', undefined));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 403, code: 'two_factor_required' });
    expect((refused as Error).message).toMatch(/two-factor/);
    const hidden = thrownBy(() =>
      authorize(actorsByRole.member, 'account.read', { ownerId: 'someone' }),
    );
    expect(hidden).toBeInstanceOf(AppError);
    expect(hidden).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('returns quietly when the action is allowed', () => {
    expect(() => authorize(actorsByRole.admin, 'admin.audit.read', undefined)).not.toThrow();
  });

  it('defaults to requiring staff two-factor when no context is given', () => {
    expect(can(actorsByRole['admin-no-2fa'], 'admin.access', undefined)).toBe(false);
  });
});

describe('meeting visibility and the public projection', () => {
  const meeting = {
    name: 'Tuesday evening',
    locationName: 'St Ives Hall',
    address: '1 Quay St, Bristol',
    latitude: 51.45,
    longitude: -2.59,
    regions: ['Bristol', 'Harbourside'],
    locationNotes: 'Side door',
    conferenceUrl: 'https://meet.example/x?pwd=secret',
    conferenceUrlNotes: 'Password 1234',
    conferencePhone: '+44 1234',
    conferencePhoneNotes: 'PIN 99',
    notes: 'Bring the workbook',
    types: ['O'],
  };
  const everything = { place: true, join: true, content: true };

  for (const isOpen of [true, false]) {
    for (const { state, membership } of membershipStates) {
      for (const role of roles) {
        it(`${isOpen ? 'open' : 'closed'} group, ${state}, ${role}: every part follows meeting.details.read`, () => {
          const actor = actorsByRole[role];
          const context = groupContextOf({ id: 'g1', isOpen }, membership);
          const allowed = can(actor, 'meeting.details.read', context);
          expect(meetingVisibility(actor, context, { requireStaffTwoFactor: true })).toEqual({
            place: allowed,
            join: allowed,
            content: allowed,
          });
        });
      }
    }
  }

  it('keeps a meeting whole for those who may see it', () => {
    expect(projectMeeting(meeting, everything)).toEqual(meeting);
    expect(projectOccurrence({ topic: 'Step 3', literature: 'p. 60' }, everything)).toEqual({
      topic: 'Step 3',
      literature: 'p. 60',
    });
  });

  it("strips a closed group's place, ways to join, notes, topics and readings for a visitor", () => {
    const visitor = publicMeetingVisibility(false);
    expect(visitor).toEqual({ place: false, join: false, content: false });
    expect(projectMeeting(meeting, visitor)).toEqual({
      name: 'Tuesday evening',
      locationName: null,
      address: null,
      latitude: null,
      longitude: null,
      regions: [],
      locationNotes: null,
      conferenceUrl: null,
      conferenceUrlNotes: null,
      conferencePhone: null,
      conferencePhoneNotes: null,
      notes: '',
      types: ['O'],
    });
    expect(projectOccurrence({ topic: 'Step 3', literature: 'p. 60', id: 1 }, visitor)).toEqual({
      topic: null,
      literature: null,
      id: 1,
    });
    // The original is left alone.
    expect(meeting.address).toBe('1 Quay St, Bristol');
  });

  it("shows an open group's meetings whole to a visitor", () => {
    expect(projectMeeting(meeting, publicMeetingVisibility(true))).toEqual(meeting);
  });
});

// Occurrence content (topic, reading) and whether an answer is personal, cell by cell: a
// loosened rule (a requester, a removed member or a visitor let in) changes a cell here.
describe("a closed group's occurrence content and personal answers", () => {
  /** 'members': topic and reading shown, the answer personal; 'hidden': neither. */
  type Seen = 'members' | 'hidden';
  const closedRows: {
    state: string;
    membership: Parameters<typeof standing>[1];
    expect: Seen[];
  }[] = [
    {
      state: 'no membership',
      membership: null,
      expect: ['hidden', 'hidden', 'hidden', 'hidden', 'members', 'hidden'],
    },
    {
      state: 'request waiting',
      membership: { status: 'requested', role: 'member' },
      expect: ['hidden', 'hidden', 'hidden', 'hidden', 'members', 'hidden'],
    },
    {
      state: 'active member',
      membership: { status: 'active', role: 'member' },
      expect: ['hidden', 'members', 'members', 'members', 'members', 'members'],
    },
    {
      state: 'active facilitator',
      membership: { status: 'active', role: 'facilitator' },
      expect: ['hidden', 'members', 'members', 'members', 'members', 'members'],
    },
    {
      state: 'left',
      membership: { status: 'left', role: 'member' },
      expect: ['hidden', 'hidden', 'hidden', 'hidden', 'members', 'hidden'],
    },
    {
      state: 'removed',
      membership: { status: 'removed', role: 'member' },
      expect: ['hidden', 'hidden', 'hidden', 'hidden', 'members', 'hidden'],
    },
    {
      state: 'facilitator who left',
      membership: { status: 'left', role: 'facilitator' },
      expect: ['hidden', 'hidden', 'hidden', 'hidden', 'members', 'hidden'],
    },
  ];
  const occurrence = { occurrenceId: '2026-03-03', topic: 'Step 3', literature: 'p. 60' };

  for (const r of closedRows) {
    it(`closed group, ${r.state}`, () => {
      const got = roles.map((role): Seen => {
        const actor = actorsByRole[role];
        const visibility = meetingVisibility(
          actor,
          standing(false, r.membership)(),
          strictPolicyContext,
        );
        const shown = projectOccurrence(occurrence, visibility);
        const personal = isPersonalView(false, visibility);
        // Topic, reading and the personal flag always move together.
        expect(shown.topic !== null, role).toBe(personal);
        expect(shown.literature !== null, role).toBe(personal);
        expect(shown.occurrenceId, role).toBe('2026-03-03');
        return personal ? 'members' : 'hidden';
      });
      expect(Object.fromEntries(roles.map((role, i) => [role, got[i]]))).toEqual(
        Object.fromEntries(roles.map((role, i) => [role, r.expect[i]])),
      );
    });
  }

  it("shows an open group's occurrences to everyone, and no answer about them is personal", () => {
    for (const { membership } of membershipStates) {
      for (const role of roles) {
        const visibility = meetingVisibility(
          actorsByRole[role],
          standing(true, membership)(),
          strictPolicyContext,
        );
        expect(projectOccurrence(occurrence, visibility)).toEqual(occurrence);
        expect(isPersonalView(true, visibility)).toBe(false);
      }
    }
  });

  it('counts any one members-only part shown as a personal answer', () => {
    const none = { place: false, join: false, content: false };
    expect(isPersonalView(false, none)).toBe(false);
    expect(isPersonalView(false, { ...none, place: true })).toBe(true);
    expect(isPersonalView(false, { ...none, join: true })).toBe(true);
    expect(isPersonalView(false, { ...none, content: true })).toBe(true);
  });
});
