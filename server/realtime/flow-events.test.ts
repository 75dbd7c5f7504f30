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
    expect(((await anaSocket.emitWithAck('room:join', ref)) as Ack).ok).toBe(true);

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
  });
});
