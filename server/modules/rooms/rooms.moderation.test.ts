import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoomPerson, ServerEvent } from '../../../contracts/rooms.ts';
import { auditEvents, meetings, rooms, users } from '../../db/schema/index.ts';
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
import { giveFloor, loadFlow, raiseHand } from './rooms.flow.ts';
import {
  endMeeting,
  hideMessage,
  mutePerson,
  removePerson,
  unhideMessage,
  unmutePerson,
} from './rooms.moderation.ts';
import {
  joinRoom,
  loadRoom,
  RoomError,
  sendMessage,
  type LoadedRoom,
  type RoomsDeps,
} from './rooms.service.ts';

interface Sent {
  to: string;
  event: ServerEvent;
  payload: unknown;
}

/** A Live that records what it would push. */
class RecordingLive implements Live {
  sent: Sent[] = [];
  removed: { userId: string; roomId: string }[] = [];
  toUser(userId: string, event: ServerEvent, payload: unknown) {
    this.sent.push({ to: `user:${userId}`, event, payload });
  }
  toRoom(roomId: string, event: ServerEvent, payload: unknown) {
    this.sent.push({ to: `room:${roomId}`, event, payload });
  }
  removeFromRoom(userId: string, roomId: string) {
    this.removed.push({ userId, roomId });
  }
  notices(userId: string) {
    return this.sent
      .filter((s) => s.to === `user:${userId}` && s.event === 'room:notice')
      .map((s) => s.payload as { kind: string; message: string });
  }
}

let t: TestContext;
let group: TestGroup;
let fac: SignedIn;
let ana: SignedIn;
let ben: SignedIn;
let live: RecordingLive;
let present: RoomPerson[];
let deps: RoomsDeps;
const OCCURRENCE = '2026-03-01'; // a Sunday; the test clock starts at 12:00 UTC that day

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

async function enter(p: SignedIn): Promise<LoadedRoom> {
  return joinRoom(deps, actorOf(p), { meetingSlug: 'sunday-circle', occurrenceId: OCCURRENCE });
}
const as = async (p: SignedIn, roomId: string) => loadRoom(deps, actorOf(p), roomId);

async function refusal(run: Promise<unknown>): Promise<RoomError> {
  try {
    await run;
  } catch (err) {
    if (err instanceof RoomError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

async function auditRows(action: string) {
  return t.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));
}

let roomId: string;

beforeAll(async () => {
  t = await createTestApp();
  group = await createGroup(t);
  fac = await createFacilitator(t, group);
  ana = await createMember(t, group);
  ben = await createMember(t, group);
  await t.database.db.update(users).set({ locale: 'es' }).where(eq(users.id, ben.user.id));
  ben.user.locale = 'es';
  await t.database.db.insert(meetings).values({
    groupId: group.id,
    slug: 'sunday-circle',
    name: 'Sunday circle',
    timezone: 'UTC',
    startTime: '12:00',
    durationMinutes: 60,
    rrule: 'FREQ=WEEKLY;BYDAY=SU',
    startsOn: '2026-01-04',
    attendance: 'online',
    conferenceUrl: 'https://video.example.org/room',
  });
  live = new RecordingLive();
  present = [];
  deps = {
    db: t.database.db,
    clock: t.clock,
    policy: policyContext(t.config),
    live,
    people: async () => present,
  };
  roomId = (await enter(fac)).room.id;
  await enter(ana);
  await enter(ben);
  present = [person(fac, 'facilitator'), person(ana), person(ben)];
});
afterAll(() => t.close());
beforeEach(() => {
  live.sent = [];
  live.removed = [];
});

describe('hiding a message', () => {
  it('withholds its body from everyone, shows the reason, audits and tells the author', async () => {
    const { message } = await sendMessage(deps, actorOf(ana), {
      roomId,
      clientId: 'client-0001',
      body: 'Something hurtful',
    });
    live.sent = [];
    const hidden = await hideMessage(deps, actorOf(fac), await as(fac, roomId), {
      roomId,
      messageId: message.id,
      reason: 'Kept the space safe',
    });
    expect(hidden).toMatchObject({ body: '', hidden: { reason: 'Kept the space safe' } });
    expect(hidden.rev).toBeGreaterThan(message.rev);
    const broadcast = live.sent.find(
      (s) => s.to === `room:${roomId}` && s.event === 'chat:message',
    );
    expect(broadcast?.payload).toMatchObject({ id: message.id, body: '' });
    expect(JSON.stringify(live.sent)).not.toContain('Something hurtful');
    const audit = await auditRows('room_moderation.message_hidden');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: fac.user.id, subjectId: ana.user.id });
    expect(JSON.stringify(audit[0]!.meta)).not.toContain('Kept the space safe');
    expect(live.notices(ana.user.id)).toEqual([
      expect.objectContaining({
        kind: 'message_hidden',
        message: expect.stringMatching(/hid one of your messages/),
      }),
    ]);

    const shown = await unhideMessage(deps, actorOf(fac), await as(fac, roomId), {
      roomId,
      messageId: message.id,
    });
    expect(shown).toMatchObject({ body: 'Something hurtful', hidden: null });
    expect(shown.rev).toBeGreaterThan(hidden.rev);
    expect(await auditRows('room_moderation.message_unhidden')).toHaveLength(1);
    expect(live.notices(ana.user.id).map((n) => n.kind)).toContain('message_unhidden');
  });

  it('is refused to members', async () => {
    const { message } = await sendMessage(deps, actorOf(ben), {
      roomId,
      clientId: 'client-0002',
      body: 'Hello',
    });
    const err = await refusal(
      hideMessage(deps, actorOf(ana), await as(ana, roomId), {
        roomId,
        messageId: message.id,
        reason: 'no',
      }),
    );
    expect(err.code).toBe('forbidden');
  });
});

describe('muting', () => {
  it('refuses the muted person’s send and hand with a kind reason, until unmuted', async () => {
    await raiseHand(deps, actorOf(ana), await as(ana, roomId));
    await mutePerson(deps, actorOf(fac), await as(fac, roomId), {
      roomId,
      userId: ana.user.id,
      reason: 'Let’s take a breath',
    });
    const flow = await loadFlow(t.database.db, (await as(fac, roomId)).room, group.id);
    expect(flow.flow.hands).not.toContain(ana.user.id);
    const send = await refusal(
      sendMessage(deps, actorOf(ana), { roomId, clientId: 'client-0003', body: 'Hi' }),
    );
    expect(send.code).toBe('muted');
    expect(send.message).toMatch(/muted you for the rest of this meeting/);
    const hand = await refusal(raiseHand(deps, actorOf(ana), await as(ana, roomId)));
    expect(hand.code).toBe('muted');
    expect(live.notices(ana.user.id)).toEqual([
      expect.objectContaining({
        kind: 'muted',
        message: expect.stringMatching(
          /You can still read along. They said: “Let’s take a breath”/,
        ),
      }),
    ]);
    expect(await auditRows('room_moderation.muted')).toEqual([
      expect.objectContaining({ subjectId: ana.user.id, meta: {} }),
    ]);

    await unmutePerson(deps, actorOf(fac), await as(fac, roomId), { roomId, userId: ana.user.id });
    expect(await auditRows('room_moderation.unmuted')).toHaveLength(1);
    const { message } = await sendMessage(deps, actorOf(ana), {
      roomId,
      clientId: 'client-0004',
      body: 'Thank you',
    });
    expect(message.body).toBe('Thank you');
  });

  it('speaks Spanish to a Spanish speaker', async () => {
    await mutePerson(deps, actorOf(fac), await as(fac, roomId), { roomId, userId: ben.user.id });
    expect(live.notices(ben.user.id)[0]?.message).toMatch(/^Un facilitador te silenció/);
    await unmutePerson(deps, actorOf(fac), await as(fac, roomId), { roomId, userId: ben.user.id });
  });

  it('does not let a facilitator mute themselves', async () => {
    const err = await refusal(
      mutePerson(deps, actorOf(fac), await as(fac, roomId), { roomId, userId: fac.user.id }),
    );
    expect(err.code).toBe('conflict');
  });

  it('refuses to give the floor to someone muted', async () => {
    await mutePerson(deps, actorOf(fac), await as(fac, roomId), { roomId, userId: ana.user.id });
    const err = await refusal(giveFloor(deps, actorOf(fac), await as(fac, roomId), ana.user.id));
    expect(err).toMatchObject({ code: 'conflict', field: 'userId' });
    await unmutePerson(deps, actorOf(fac), await as(fac, roomId), { roomId, userId: ana.user.id });
  });
});

describe('removing someone', () => {
  it('takes their sockets out at once, tells them, and keeps them out of this occurrence', async () => {
    const extra = await createMember(t, group);
    await enter(extra);
    present = [...present, person(extra)];
    await removePerson(deps, actorOf(fac), await as(fac, roomId), {
      roomId,
      userId: extra.user.id,
    });
    present = present.filter((p) => p.userId !== extra.user.id);
    expect(live.removed).toEqual([{ userId: extra.user.id, roomId }]);
    expect(live.notices(extra.user.id)[0]?.kind).toBe('removed');
    const again = await refusal(enter(extra));
    expect(again.code).toBe('forbidden');
    expect(again.message).toMatch(/cannot come back into it today/);
    expect(await auditRows('room_moderation.removed')).toEqual([
      expect.objectContaining({ subjectId: extra.user.id, resourceId: roomId }),
    ]);
  });
});

describe('ending the meeting', () => {
  it('ends it for everyone: state ended, everyone told, audited, and only once', async () => {
    await endMeeting(deps, actorOf(fac), await as(fac, roomId));
    const [row] = await t.database.db
      .select()
      .from(rooms)
      .where(and(eq(rooms.id, roomId)));
    expect(row!.endedAt).not.toBeNull();
    expect((await as(ana, roomId)).state).toBe('ended');
    expect(live.sent).toContainEqual({
      to: `room:${roomId}`,
      event: 'room:state',
      payload: { roomId, state: 'ended' },
    });
    for (const p of [fac, ana]) expect(live.notices(p.user.id)[0]?.kind).toBe('ended');
    expect(live.notices(ben.user.id)[0]?.message).toMatch(/terminó la reunión/);
    expect(await auditRows('room_moderation.meeting_ended')).toHaveLength(1);
    const err = await refusal(endMeeting(deps, actorOf(fac), await as(fac, roomId)));
    expect(err.code).toBe('conflict');
  });
});
