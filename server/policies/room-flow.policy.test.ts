import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { strictPolicyContext } from './decision.ts';
import {
  decideRoomFlow,
  roomFlowActions,
  type RoomFlowAccess,
  type RoomFlowAction,
  type RoomFlowResources,
} from './room-flow.policy.ts';

// The role × action × state table for running a meeting. Every cell is written out.

const roles = [
  'visitor',
  'outsider', // signed in, not in the group (the room of an open group)
  'member',
  'facilitator', // of this group
  'fac-no-2fa', // of this group, two-factor off
  'other-fac', // a facilitator, not of this group
  'admin',
] as const;
type RoleName = (typeof roles)[number];

const actor = (userId: string, role: Actor['role'], twoFactorEnabled = true): Actor => ({
  userId,
  role,
  twoFactorEnabled,
  sessionId: `s-${userId}`,
});
const actors: Record<RoleName, Actor | null> = {
  visitor: null,
  outsider: actor('u-out', 'member', false),
  member: actor('u-mem', 'member', false),
  facilitator: actor('u-fac', 'facilitator'),
  'fac-no-2fa': actor('u-fac0', 'facilitator', false),
  'other-fac': actor('u-ofac', 'facilitator'),
  admin: actor('u-admin', 'admin'),
};
const groupRole: Record<RoleName, 'member' | 'facilitator' | null> = {
  visitor: null,
  outsider: null,
  member: 'member',
  facilitator: 'facilitator',
  'fac-no-2fa': 'facilitator',
  'other-fac': null,
  admin: null,
};

/** ok, or the refusal: 401, 403, 2fa (403 two_factor_required), 409. */
type Outcome = 'ok' | '401' | '403' | '2fa' | '409';

const base = (role: RoleName, over: Partial<RoomFlowAccess> = {}): RoomFlowAccess => ({
  groupId: 'g1',
  isOpen: true,
  actorGroupRole: groupRole[role],
  state: 'open',
  removed: false,
  muted: false,
  present: true,
  ...over,
});

interface Row<A extends RoomFlowAction> {
  action: A;
  state: string;
  resource: (role: RoleName) => RoomFlowResources[A];
  /** visitor, outsider, member, facilitator, fac-no-2fa, other-fac, admin */
  expect: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];
}
const row = <A extends RoomFlowAction>(r: Row<A>) => r as unknown as Row<RoomFlowAction>;
const at =
  (over: Partial<RoomFlowAccess> = {}) =>
  (role: RoleName) =>
    base(role, over);

const table: Row<RoomFlowAction>[] = [
  // Leading: agenda, floor, rounds, timers, "not shared yet".
  row({
    action: 'room.flow.lead',
    state: 'open room, present',
    resource: at(),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.flow.lead',
    state: 'not in the room',
    resource: at({ present: false }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'room.flow.lead',
    state: 'room not open yet',
    resource: at({ state: 'scheduled' }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'room.flow.lead',
    state: 'meeting ended',
    resource: at({ state: 'ended' }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'room.open_early',
    state: 'scheduled',
    resource: at({ state: 'scheduled' }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.open_early',
    state: 'open already',
    resource: at(),
    expect: ['401', '403', '403', '409', '2fa', '403', '409'],
  }),
  row({
    action: 'room.open_early',
    state: 'ended',
    resource: at({ state: 'ended' }),
    expect: ['401', '403', '403', '409', '2fa', '403', '409'],
  }),
  // Hands.
  row({
    action: 'room.hand.raise',
    state: 'open room, present',
    resource: at(),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'room.hand.raise',
    state: 'muted',
    resource: at({ muted: true }),
    expect: ['401', '403', '403', '403', '403', '403', '403'],
  }),
  row({
    action: 'room.hand.raise',
    state: 'removed',
    resource: at({ removed: true }),
    expect: ['401', '403', '403', '403', '403', '403', '403'],
  }),
  row({
    action: 'room.hand.raise',
    state: 'closed room',
    resource: at({ state: 'closed' }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'room.hand.lower',
    state: 'muted',
    resource: at({ muted: true }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'room.hand.lower',
    state: 'not in the room',
    resource: at({ present: false }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  // The floor.
  row({
    action: 'room.floor.release',
    state: 'the actor has the floor',
    resource: (r) => ({ ...base(r), hasFloor: true }),
    expect: ['401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  }),
  row({
    action: 'room.floor.release',
    state: 'someone else has the floor',
    resource: (r) => ({ ...base(r), hasFloor: false }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  // Rounds.
  row({
    action: 'room.round.turn',
    state: 'own turn, passed',
    resource: (r) => ({ ...base(r), outcome: 'passed', isActorsTurn: true }),
    expect: ['401', 'ok', 'ok', 'ok', '2fa', 'ok', 'ok'],
  }),
  row({
    action: 'room.round.turn',
    state: 'own turn, shared',
    resource: (r) => ({ ...base(r), outcome: 'shared', isActorsTurn: true }),
    expect: ['401', 'ok', 'ok', 'ok', '2fa', 'ok', 'ok'],
  }),
  row({
    action: 'room.round.turn',
    state: 'own turn, muted, passed',
    resource: (r) => ({ ...base(r, { muted: true }), outcome: 'passed', isActorsTurn: true }),
    expect: ['401', 'ok', 'ok', 'ok', '2fa', 'ok', 'ok'],
  }),
  row({
    action: 'room.round.turn',
    state: 'own turn, skipped',
    resource: (r) => ({ ...base(r), outcome: 'skipped', isActorsTurn: true }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.round.turn',
    state: "someone else's turn, passed",
    resource: (r) => ({ ...base(r), outcome: 'passed', isActorsTurn: false }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.round.turn',
    state: "someone else's turn, skipped",
    resource: (r) => ({ ...base(r), outcome: 'skipped', isActorsTurn: false }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.round.turn',
    state: 'meeting ended',
    resource: (r) => ({ ...base(r, { state: 'ended' }), outcome: 'passed', isActorsTurn: true }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  // Moderation.
  row({
    action: 'room.moderate.message',
    state: 'open room',
    resource: at(),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.moderate.message',
    state: 'closed group, open room',
    resource: at({ isOpen: false }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.moderate.person',
    state: 'a member',
    resource: (r) => ({ ...base(r), targetIsActor: false, targetGroupRole: 'member' }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.moderate.person',
    state: "an open group's visitor",
    resource: (r) => ({ ...base(r), targetIsActor: false, targetGroupRole: null }),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.moderate.person',
    state: 'a facilitator of the group',
    resource: (r) => ({ ...base(r), targetIsActor: false, targetGroupRole: 'facilitator' }),
    expect: ['401', '403', '403', '403', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.moderate.person',
    state: 'themselves',
    resource: (r) => ({ ...base(r), targetIsActor: true, targetGroupRole: groupRole[r] }),
    expect: ['401', '403', '403', '409', '2fa', '403', '409'],
  }),
  row({
    action: 'room.moderate.person',
    state: 'meeting ended',
    resource: (r) => ({
      ...base(r, { state: 'ended' }),
      targetIsActor: false,
      targetGroupRole: 'member',
    }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
  row({
    action: 'room.end',
    state: 'open room',
    resource: at(),
    expect: ['401', '403', '403', 'ok', '2fa', '403', 'ok'],
  }),
  row({
    action: 'room.end',
    state: 'ended already',
    resource: at({ state: 'ended' }),
    expect: ['401', '409', '409', '409', '409', '409', '409'],
  }),
];

function outcomeOf(role: RoleName, r: Row<RoomFlowAction>, ctx = strictPolicyContext): Outcome {
  const d = decideRoomFlow(actors[role], r.action, r.resource(role), ctx);
  if (d.ok) return 'ok';
  if (d.code === 'two_factor_required') return '2fa';
  return String(d.status) as Outcome;
}

describe('the room-flow permission table', () => {
  it('has at least one row for every action', () => {
    const covered = new Set(table.map((r) => r.action));
    expect(roomFlowActions.filter((a) => !covered.has(a))).toEqual([]);
  });

  for (const r of table) {
    it(`${r.action} — ${r.state}`, () => {
      expect(roles.map((role) => outcomeOf(role, r))).toEqual(r.expect);
    });
  }

  it('lets facilitators without two-factor lead when the organisation does not require it', () => {
    const lax = { requireStaffTwoFactor: false };
    const r = table.find((x) => x.action === 'room.flow.lead')!;
    expect(outcomeOf('fac-no-2fa', r, lax)).toBe('ok');
  });

  it('tells a muted person kindly why their hand cannot go up', () => {
    const d = decideRoomFlow(
      actors.member,
      'room.hand.raise',
      base('member', { muted: true }),
      strictPolicyContext,
    );
    expect(d.ok ? '' : d.message).toMatch(/muted you for the rest of this meeting/);
  });
});
