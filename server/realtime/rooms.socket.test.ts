import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomMessage, RoomSnapshot } from '../../contracts/rooms.ts';
import { createTestApp, type TestContext } from '../test/harness.ts';
import { createSignedIn, type SignedIn } from '../test/users.ts';
import {
  addMembership,
  createFacilitator,
  createGroup,
  createMember,
  type TestGroup,
} from '../modules/meetings/meetings.test-helpers.ts';
import {
  connect,
  createOnlineMeeting,
  DURING,
  emit,
  LINK,
  listening,
  next,
  OCCURRENCE,
  ok,
} from '../modules/rooms/rooms.test-helpers.ts';

let t: TestContext;
let url: string;
let closed: TestGroup;
let facilitator: SignedIn;
let member: SignedIn;
let slug: string;
const sockets: Socket[] = [];

const open = async (who: SignedIn | null) => {
  const s = await connect(url, who);
  sockets.push(s);
  return s;
};
const join = (s: Socket, lastSeq?: number) =>
  emit<RoomSnapshot>(s, 'room:join', {
    meetingSlug: slug,
    occurrenceId: OCCURRENCE,
    ...(lastSeq !== undefined ? { lastSeq } : {}),
  });

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
  closed = await createGroup(t, { isOpen: false, name: 'Quiet Harbour' });
  facilitator = await createFacilitator(t, closed);
  member = await createMember(t, closed);
  slug = await createOnlineMeeting(facilitator, closed);
  url = await listening(t);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('the socket server', () => {
  it('refuses a handshake without a session', async () => {
    await expect(connect(url, null)).rejects.toThrow(/sign in/i);
  });

  it('lets a member of a closed group join and answers the snapshot', async () => {
    const s = await open(member);
    const ack = await join(s);
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const snap = (ack as { ok: true; data: RoomSnapshot }).data;
    expect(snap).toMatchObject({
      meetingSlug: slug,
      occurrenceId: OCCURRENCE,
      state: 'open',
      role: 'member',
      groupName: 'Quiet Harbour',
      conferenceUrl: LINK,
      lastSeq: 0,
      muted: false,
      notSharedYet: null,
    });
    expect(snap.people.map((p) => p.userId)).toEqual([member.user.id]);
    expect(JSON.stringify(snap)).not.toContain('@example.org');
  });

  it('stores, numbers and broadcasts a message; a retry does not duplicate it', async () => {
    const a = await open(member);
    const f = await open(facilitator);
    const snapA = await ok<RoomSnapshot>(a, 'room:join', {
      meetingSlug: slug,
      occurrenceId: OCCURRENCE,
    });
    const snapF = await ok<RoomSnapshot>(f, 'room:join', {
      meetingSlug: slug,
      occurrenceId: OCCURRENCE,
    });
    expect(snapF.role).toBe('facilitator');
    const received = next<RoomMessage>(f, 'chat:message');
    const sent = await ok<RoomMessage>(a, 'chat:send', {
      roomId: snapA.roomId,
      clientId: 'client-0001',
      body: '  hello there  ',
    });
    expect(sent).toMatchObject({
      seq: snapA.lastSeq + 1,
      rev: snapA.lastSeq + 1,
      body: 'hello there',
    });
    expect(await received).toMatchObject({ id: sent.id, body: 'hello there' });
    const again = await ok<RoomMessage>(a, 'chat:send', {
      roomId: snapA.roomId,
      clientId: 'client-0001',
      body: 'hello there',
    });
    expect(again.id).toBe(sent.id);
  });

  it('refuses an outsider, a requester, a former and a removed member of a closed group', async () => {
    const outsider = await createSignedIn(t);
    const requester = await createSignedIn(t);
    await addMembership(t, closed, requester.user.id, 'member', 'requested');
    const former = await createSignedIn(t);
    await addMembership(t, closed, former.user.id, 'member', 'left');
    const removed = await createSignedIn(t);
    await addMembership(t, closed, removed.user.id, 'member', 'removed');
    for (const who of [outsider, requester, former, removed]) {
      const ack = await join(await open(who));
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});
