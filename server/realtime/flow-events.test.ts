import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetings } from '../db/schema/index.ts';
import { createTestApp, type TestContext } from '../test/harness.ts';
import type { SignedIn } from '../test/users.ts';
import {
  createFacilitator,
  createGroup,
  createMember,
} from '../modules/meetings/meetings.test-helpers.ts';

interface Ack {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message: string };
}
interface FlowEvent {
  roomId: string;
  flow: { floor: string | null; hands: string[] };
  notSharedYet: string[] | null;
}

let t: TestContext;
let url: string;
let fac: SignedIn;
let ana: SignedIn;
const sockets: Socket[] = [];

async function open(p: SignedIn): Promise<Socket> {
  const socket = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie: p.headers.cookie! },
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The next `room:flow` this socket receives that passes `test`. */
const nextFlow = (socket: Socket, test: (e: FlowEvent) => boolean) =>
  new Promise<FlowEvent>((resolve) => {
    const on = (e: FlowEvent) => {
      if (!test(e)) return;
      socket.off('room:flow', on);
      resolve(e);
    };
    socket.on('room:flow', on);
  });

beforeAll(async () => {
  t = await createTestApp();
  const group = await createGroup(t);
  fac = await createFacilitator(t, group);
  ana = await createMember(t, group);
  await t.database.db.insert(meetings).values({
    groupId: group.id,
    slug: 'socket-circle',
    name: 'Socket circle',
    timezone: 'UTC',
    startTime: '12:00',
    durationMinutes: 60,
    rrule: 'FREQ=WEEKLY;BYDAY=SU',
    startsOn: '2026-01-04',
    attendance: 'online',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('hands and the floor over sockets', () => {
  it('a raised hand and the floor given are seen by the other person', async () => {
    const facSocket = await open(fac);
    const anaSocket = await open(ana);
    const ref = { meetingSlug: 'socket-circle', occurrenceId: '2026-03-01' };
    const joined = (await facSocket.emitWithAck('room:join', ref)) as Ack;
    expect(joined.ok).toBe(true);
    const roomId = joined.data!.roomId as string;
    const anaJoined = (await anaSocket.emitWithAck('room:join', ref)) as Ack;
    expect(anaJoined.ok).toBe(true);
    // The snapshot carries the public flow only; "not shared yet" is for facilitators.
    expect(Object.keys(anaJoined.data!.flow as object).sort()).toEqual(
      ['agenda', 'floor', 'hands', 'round', 'step', 'timer'].sort(),
    );
    expect(anaJoined.data!.notSharedYet).toBeNull();
    expect(joined.data!.notSharedYet).toEqual([]);

    const handSeen = nextFlow(facSocket, (e) => e.flow.hands.includes(ana.user.id));
    const raised = (await anaSocket.emitWithAck('hand:raise', { roomId })) as Ack;
    expect(raised.ok).toBe(true);
    expect((await handSeen).roomId).toBe(roomId);

    const floorSeen = nextFlow(anaSocket, (e) => e.flow.floor === ana.user.id);
    const facList = nextFlow(facSocket, (e) => e.notSharedYet !== null);
    const given = (await facSocket.emitWithAck('floor:give', {
      roomId,
      userId: ana.user.id,
    })) as Ack;
    expect(given.ok).toBe(true);
    const seen = await floorSeen;
    expect(seen.flow.hands).toEqual([]);
    // Members never get the "not shared yet" list; facilitators do.
    expect(seen.notSharedYet).toBeNull();
    expect((await facList).notSharedYet).toEqual([]);

    const refused = (await anaSocket.emitWithAck('floor:give', {
      roomId,
      userId: fac.user.id,
    })) as Ack;
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Leaving hands back the floor.
    const released = nextFlow(facSocket, (e) => e.flow.floor === null);
    expect(((await anaSocket.emitWithAck('room:leave', { roomId })) as Ack).ok).toBe(true);
    expect((await released).flow.floor).toBeNull();
  });

  it('a removed person is told, leaves the room at once and cannot come back', async () => {
    const group = await createGroup(t);
    const lead = await createFacilitator(t, group);
    const zoe = await createMember(t, group);
    await t.database.db.insert(meetings).values({
      groupId: group.id,
      slug: 'socket-circle-2',
      name: 'Socket circle 2',
      timezone: 'UTC',
      startTime: '12:00',
      durationMinutes: 60,
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      startsOn: '2026-01-04',
      attendance: 'online',
    });
    const leadSocket = await open(lead);
    const zoeSocket = await open(zoe);
    const ref = { meetingSlug: 'socket-circle-2', occurrenceId: '2026-03-01' };
    const roomId = ((await leadSocket.emitWithAck('room:join', ref)) as Ack).data!.roomId;
    expect(((await zoeSocket.emitWithAck('room:join', ref)) as Ack).ok).toBe(true);

    const muted = (await leadSocket.emitWithAck('mod:mute', {
      roomId,
      userId: zoe.user.id,
    })) as Ack;
    expect(muted.ok).toBe(true);
    const send = (await zoeSocket.emitWithAck('chat:send', {
      roomId,
      clientId: 'client-zoe-1',
      body: 'hello',
    })) as Ack;
    expect(send).toMatchObject({ ok: false, error: { code: 'muted' } });

    const notice = new Promise<{ kind: string }>((resolve) =>
      zoeSocket.on('room:notice', (n: { kind: string }) => n.kind === 'removed' && resolve(n)),
    );
    const removed = (await leadSocket.emitWithAck('mod:remove', {
      roomId,
      userId: zoe.user.id,
    })) as Ack;
    expect(removed.ok).toBe(true);
    expect((await notice).kind).toBe('removed');
    const after = (await zoeSocket.emitWithAck('hand:lower', { roomId })) as Ack;
    expect(after).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
    const back = (await zoeSocket.emitWithAck('room:join', ref)) as Ack;
    expect(back).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
