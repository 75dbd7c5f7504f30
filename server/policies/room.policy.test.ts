import { describe, expect, it } from 'vitest';
import type { Actor, PlatformRole } from './actor.ts';
import type { PolicyContext } from './decision.ts';
import {
  decideRoom,
  roomRules,
  type RoomAccess,
  type RoomAction,
  type RoomState,
} from './room.policy.ts';

const ctx: PolicyContext = { requireStaffTwoFactor: true };
const person = (role: PlatformRole, twoFactorEnabled = true): Actor => ({
  userId: 'u1',
  role,
  twoFactorEnabled,
  sessionId: 's1',
});

type Who = 'visitor' | 'outsider' | 'member' | 'facilitator' | 'admin' | 'admin-no-2fa';
const actorOf = (who: Who): Actor | null =>
  who === 'visitor'
    ? null
    : who === 'facilitator'
      ? person('facilitator')
      : who === 'admin'
        ? person('admin')
        : who === 'admin-no-2fa'
          ? person('admin', false)
          : person('member');
const groupRole = (who: Who) =>
  who === 'member' ? 'member' : who === 'facilitator' ? 'facilitator' : null;

interface Row {
  action: RoomAction;
  who: Who;
  isOpen: boolean;
  state?: RoomState;
  removed?: boolean;
  muted?: boolean;
  expect: 'allow' | 'unauthenticated' | 'forbidden' | 'conflict' | 'two_factor_required';
}

// role × group kind × room state × standing → decision
const table: Row[] = [
  // Entering an open room.
  { action: 'room.enter', who: 'visitor', isOpen: true, expect: 'unauthenticated' },
  { action: 'room.enter', who: 'outsider', isOpen: true, expect: 'allow' },
  { action: 'room.enter', who: 'outsider', isOpen: false, expect: 'forbidden' },
  { action: 'room.enter', who: 'member', isOpen: false, expect: 'allow' },
  { action: 'room.enter', who: 'facilitator', isOpen: false, expect: 'allow' },
  { action: 'room.enter', who: 'admin', isOpen: false, expect: 'allow' },
  { action: 'room.enter', who: 'admin-no-2fa', isOpen: false, expect: 'two_factor_required' },
  { action: 'room.enter', who: 'member', isOpen: false, removed: true, expect: 'forbidden' },
  { action: 'room.enter', who: 'outsider', isOpen: true, removed: true, expect: 'forbidden' },
  { action: 'room.enter', who: 'member', isOpen: false, muted: true, expect: 'allow' },
  // States.
  { action: 'room.enter', who: 'member', isOpen: false, state: 'scheduled', expect: 'conflict' },
  { action: 'room.enter', who: 'facilitator', isOpen: false, state: 'scheduled', expect: 'allow' },
  { action: 'room.enter', who: 'member', isOpen: true, state: 'closed', expect: 'conflict' },
  { action: 'room.enter', who: 'facilitator', isOpen: true, state: 'ended', expect: 'conflict' },
  { action: 'room.enter', who: 'member', isOpen: true, state: 'cancelled', expect: 'conflict' },
  { action: 'room.enter', who: 'outsider', isOpen: false, state: 'cancelled', expect: 'forbidden' },
  // Sending.
  { action: 'room.send', who: 'visitor', isOpen: true, expect: 'unauthenticated' },
  { action: 'room.send', who: 'outsider', isOpen: true, expect: 'allow' },
  { action: 'room.send', who: 'outsider', isOpen: false, expect: 'forbidden' },
  { action: 'room.send', who: 'member', isOpen: false, expect: 'allow' },
  { action: 'room.send', who: 'member', isOpen: false, muted: true, expect: 'forbidden' },
  { action: 'room.send', who: 'member', isOpen: false, removed: true, expect: 'forbidden' },
  {
    action: 'room.send',
    who: 'facilitator',
    isOpen: false,
    state: 'scheduled',
    expect: 'conflict',
  },
  { action: 'room.send', who: 'member', isOpen: false, state: 'ended', expect: 'conflict' },
  // Moderating.
  { action: 'room.moderate', who: 'visitor', isOpen: true, expect: 'unauthenticated' },
  { action: 'room.moderate', who: 'member', isOpen: true, expect: 'forbidden' },
  { action: 'room.moderate', who: 'outsider', isOpen: true, expect: 'forbidden' },
  { action: 'room.moderate', who: 'facilitator', isOpen: false, expect: 'allow' },
  { action: 'room.moderate', who: 'admin', isOpen: false, expect: 'allow' },
  { action: 'room.moderate', who: 'admin-no-2fa', isOpen: true, expect: 'two_factor_required' },
];

describe('room policy', () => {
  it.each(table)('$action by $who (open: $isOpen, $state) → $expect', (row) => {
    const access: RoomAccess = {
      groupId: 'g1',
      isOpen: row.isOpen,
      actorGroupRole: groupRole(row.who),
      state: row.state ?? 'open',
      removed: row.removed ?? false,
      muted: row.muted ?? false,
    };
    const decision = decideRoom(actorOf(row.who), row.action, access, ctx);
    expect(decision.ok ? 'allow' : decision.code).toBe(row.expect);
  });

  it('has rows for every room action', () => {
    expect(new Set(table.map((r) => r.action))).toEqual(new Set(Object.keys(roomRules)));
  });

  it('a facilitator no longer holding the staff role cannot moderate', () => {
    const access: RoomAccess = {
      groupId: 'g1',
      isOpen: true,
      actorGroupRole: 'facilitator',
      state: 'open',
      removed: false,
      muted: false,
    };
    expect(decideRoom(person('member'), 'room.moderate', access, ctx).ok).toBe(false);
  });
});
