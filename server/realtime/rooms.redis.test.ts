import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomMessage, RoomPerson, RoomSnapshot } from '../../contracts/rooms.ts';
import { buildApp, type App } from '../app.ts';
import { TestClock } from '../lib/clock.ts';
import { loadConfig } from '../lib/config.ts';
import { MemoryMailer } from '../lib/mailer.ts';
import {
  createFacilitator,
  createGroup,
  createMember,
} from '../modules/meetings/meetings.test-helpers.ts';
import {
  connect,
  createOnlineMeeting,
  DURING,
  next,
  OCCURRENCE,
  ok,
} from '../modules/rooms/rooms.test-helpers.ts';
import { openTestDatabase, type TestContext } from '../test/harness.ts';

// CI runs the suite once with Redis: two instances on one database and one Redis, as in
// production behind a load balancer. Without REDIS_URL there is nothing to test here.
const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('two instances through Redis', () => {
  let first: TestContext;
  let second: App;
  let secondRedis: Redis;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const { database, drop } = await openTestDatabase();
    const clock = new TestClock();
    clock.set(DURING);
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn' });
    const prefix = `t-${randomBytes(4).toString('hex')}:`;
    const build = async () => {
      const redis = new Redis(REDIS_URL!, { keyPrefix: prefix });
      const app = await buildApp({ config, database, clock, mailer: new MemoryMailer(), redis });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { app, redis };
    };
    const a = await build();
    const b = await build();
    second = b.app;
    secondRedis = b.redis;
    first = {
      app: a.app,
      database,
      clock,
      mailer: new MemoryMailer(),
      config,
      logs: [],
      close: async () => {
        await a.app.close();
        a.redis.disconnect();
        await database.close();
        await drop();
      },
    };
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await second?.close();
    secondRedis?.disconnect();
    await first?.close();
  });

  const urlOf = (app: App) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  it('a message sent through one instance reaches a member connected to the other', async () => {
    const group = await createGroup(first, { isOpen: false });
    const facilitator = await createFacilitator(first, group);
    const member = await createMember(first, group);
    const slug = await createOnlineMeeting(facilitator, group);
    const onFirst = await connect(urlOf(first.app), facilitator);
    const onSecond = await connect(urlOf(second), member);
    sockets.push(onFirst, onSecond);
    const ref = { meetingSlug: slug, occurrenceId: OCCURRENCE };
    const snapF = await ok<RoomSnapshot>(onFirst, 'room:join', ref);
    // Presence is read across instances: the member on the other instance sees both people.
    const snapM = await ok<RoomSnapshot>(onSecond, 'room:join', ref);
    expect(snapM.roomId).toBe(snapF.roomId);
    expect(snapM.people.map((p: RoomPerson) => p.userId).sort()).toEqual(
      [facilitator.user.id, member.user.id].sort(),
    );
    const received = next<RoomMessage>(
      onSecond,
      'chat:message',
      (m) => m.clientId === 'redis-0001',
    );
    const sent = await ok<RoomMessage>(onFirst, 'chat:send', {
      roomId: snapF.roomId,
      clientId: 'redis-0001',
      body: 'across the bridge',
    });
    expect(await received).toMatchObject({ id: sent.id, seq: sent.seq, body: 'across the bridge' });
    // And a push to a person reaches their socket on the other instance.
    const pushed = next<{ unread: number }>(onSecond, 'inbox:unread');
    first.app.live.toUser(member.user.id, 'inbox:unread', { unread: 3 });
    expect(await pushed).toEqual({ unread: 3 });
  });
});
