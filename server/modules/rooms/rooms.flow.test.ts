import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomPerson, ServerEvent } from '../../../contracts/rooms.ts';
import { groups, meetings } from '../../db/schema/index.ts';
import type { Live } from '../../lib/live.ts';
import { actorFromUser, policyContext, type Actor } from '../../policies/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import type { SignedIn } from '../../test/users.ts';
import {
  createFacilitator,
  createGroup,
  createMember,
  type TestGroup,
} from '../meetings/meetings.test-helpers.ts';
import {
  endRoundTurn,
  flowForSnapshot,
  forgetPersonInFlows,
  giveFloor,
  leadFlow,
  loadFlow,
  lowerHand,
  openEarly,
  raiseHand,
  startTimer,
} from './rooms.flow.ts';
import { joinRoom, loadRoom, RoomError, type RoomsDeps } from './rooms.service.ts';

class RecordingLive implements Live {
  sent: { to: string; event: ServerEvent; payload: Record<string, unknown> }[] = [];
  toUser(userId: string, event: ServerEvent, payload: unknown) {
    this.sent.push({ to: `user:${userId}`, event, payload: payload as Record<string, unknown> });
  }
  toRoom(roomId: string, event: ServerEvent, payload: unknown) {
    this.sent.push({ to: `room:${roomId}`, event, payload: payload as Record<string, unknown> });
  }
  removeFromRoom() {}
}

let t: TestContext;
let group: TestGroup;
let fac: SignedIn;
let ana: SignedIn;
let ben: SignedIn;
let live: RecordingLive;
let present: RoomPerson[] = [];
let deps: RoomsDeps;
let roomId: string;

const actorOf = (p: SignedIn): Actor =>
  actorFromUser({ ...p.user, twoFactorEnabled: p.user.totpEnabledAt !== null }, `s-${p.user.id}`);
const person = (p: SignedIn, role: RoomPerson['role'] = 'member'): RoomPerson => ({
  userId: p.user.id,
  displayName: p.user.displayName ?? 'Member',
  pronouns: null,
  role,
  muted: false,
  handRaised: false,
});
const as = (p: SignedIn) => loadRoom(deps, actorOf(p), roomId);

async function refusal(run: Promise<unknown>): Promise<RoomError> {
  try {
    await run;
  } catch (err) {
    if (err instanceof RoomError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  t = await createTestApp();
  group = await createGroup(t);
  fac = await createFacilitator(t, group);
  ana = await createMember(t, group);
  ben = await createMember(t, group);
  await t.database.db.insert(meetings).values({
    groupId: group.id,
    slug: 'flow-circle',
    name: 'Flow circle',
    timezone: 'UTC',
    startTime: '12:00',
    durationMinutes: 60,
    rrule: 'FREQ=WEEKLY;BYDAY=SU',
    startsOn: '2026-01-04',
    attendance: 'online',
  });
  live = new RecordingLive();
  deps = {
    db: t.database.db,
    clock: t.clock,
    policy: policyContext(t.config),
    live,
    people: async () => present,
  };
  // 11:40: before the room's usual opening (11:50).
  t.clock.set('2026-03-01T11:40:00Z');
  const ref = { meetingSlug: 'flow-circle', occurrenceId: '2026-03-01' };
  roomId = (await joinRoom(deps, actorOf(fac), ref)).room.id;
  present = [person(fac, 'facilitator')];
});
afterAll(() => t.close());

describe('opening early', () => {
  it('lets a facilitator open the room before its time, audited', async () => {
    expect((await as(fac)).state).toBe('scheduled');
    const err = await refusal(
      openEarly(deps, actorOf(ana), await loadRoom(deps, actorOf(ana), roomId)),
    );
    expect(err.code).toBe('forbidden');
    await openEarly(deps, actorOf(fac), await as(fac));
    expect((await as(ana)).state).toBe('open');
    expect(live.sent).toContainEqual({
      to: `room:${roomId}`,
      event: 'room:state',
      payload: { roomId, state: 'open' },
    });
  });
});

describe('the flow of a meeting', () => {
  it('follows the group’s agenda and keeps hands in order', async () => {
    const ref = { meetingSlug: 'flow-circle', occurrenceId: '2026-03-01' };
    await joinRoom(deps, actorOf(ben), ref);
    await joinRoom(deps, actorOf(ana), ref);
    // The realtime layer lists people sorted by name; rounds follow arrival order.
    present = [person(fac, 'facilitator'), person(ben), person(ana)];
    await raiseHand(deps, actorOf(ana), await as(ana));
    const { flow } = await raiseHand(deps, actorOf(ben), await as(ben));
    expect(flow.hands).toEqual([ana.user.id, ben.user.id]);
    expect(flow.agenda.map((s) => s.key)).toEqual([
      'welcome',
      'reading',
      'check_in',
      'sharing',
      'check_out',
      'closing',
    ]);
  });

  it('refuses a member who gives the floor', async () => {
    const err = await refusal(giveFloor(deps, actorOf(ana), await as(ana), ben.user.id));
    expect(err.code).toBe('forbidden');
  });

  it('gives the floor, and tells only facilitators who has not shared yet', async () => {
    live.sent = [];
    const { flow } = await giveFloor(deps, actorOf(fac), await as(fac), ben.user.id);
    expect(flow).toMatchObject({ floor: ben.user.id, hands: [ana.user.id] });
    const toRoom = live.sent.find((s) => s.to === `room:${roomId}` && s.event === 'room:flow');
    expect(toRoom?.payload.notSharedYet).toBeNull();
    // The server-only fields never leave the server.
    expect(Object.keys(toRoom!.payload.flow as object).sort()).toEqual(
      ['agenda', 'floor', 'hands', 'round', 'step', 'timer'].sort(),
    );
    const toFac = live.sent.find((s) => s.to === `user:${fac.user.id}` && s.event === 'room:flow');
    expect(toFac?.payload.notSharedYet).toEqual([ana.user.id]);
    expect(live.sent.some((s) => s.to === `user:${ana.user.id}` && s.event === 'room:flow')).toBe(
      false,
    );
  });

  it('keeps where the meeting is in the database (a restart loses nothing)', async () => {
    await leadFlow(deps, actorOf(fac), await as(fac), { type: 'agenda.next' });
    await startTimer(deps, actorOf(fac), await as(fac), 120);
    const room = (await as(fac)).room;
    const stored = await loadFlow(t.database.db, room, group.id);
    expect(stored.flow).toMatchObject({
      step: 0,
      floor: ben.user.id,
      hands: [ana.user.id],
      timer: { startedAt: t.clock.now().toISOString(), seconds: 120 },
    });
    expect(stored.shared).toEqual([ben.user.id]);
    const snap = await flowForSnapshot(t.database.db, await as(ana), present);
    expect(snap.notSharedYet).toBeNull();
    const facSnap = await flowForSnapshot(t.database.db, await as(fac), present);
    expect(facSnap.notSharedYet).toEqual([ana.user.id]);
  });

  it('freezes the agenda once the meeting has started', async () => {
    await t.database.db
      .update(groups)
      .set({ agenda: [{ key: 'other', title: 'Other' }] })
      .where(eq(groups.id, group.id));
    const stored = await loadFlow(t.database.db, (await as(fac)).room, group.id);
    expect(stored.flow.agenda).toHaveLength(6);
  });

  it('runs a round in arrival order, members first; a member passes, only a lead skips', async () => {
    const { flow } = await leadFlow(deps, actorOf(fac), await as(fac), { type: 'round.start' });
    expect(flow.round?.order).toEqual([ben.user.id, ana.user.id, fac.user.id]);
    const notYours = await refusal(endRoundTurn(deps, actorOf(ana), await as(ana), 'passed'));
    expect(notYours.message).toMatch(/not your turn/);
    const noSkip = await refusal(endRoundTurn(deps, actorOf(ben), await as(ben), 'skipped'));
    expect(noSkip.message).toMatch(/You can pass instead/);
    await endRoundTurn(deps, actorOf(ben), await as(ben), 'passed');
    const after = await endRoundTurn(deps, actorOf(fac), await as(fac), 'skipped');
    expect(after.flow.round).toMatchObject({
      current: 2,
      done: { [ben.user.id]: 'passed', [ana.user.id]: 'skipped' },
    });
  });

  it('lets a member lower their own hand', async () => {
    const { flow } = await lowerHand(deps, actorOf(ana), await as(ana));
    expect(flow.hands).toEqual([]);
  });

  it('forgets a deleted account in every stored flow', async () => {
    await forgetPersonInFlows(t.database.db, ben.user.id);
    const room = (await as(fac)).room;
    expect(JSON.stringify(room.flow)).not.toContain(ben.user.id);
    expect(JSON.stringify(room.flow)).toContain(ana.user.id);
  });
});
