/**
 * `npm run bench:rooms` — live rooms under load, and after a crash.
 *
 * The server runs in a CHILD process (this file with `--serve`): the real app (buildApp +
 * listen) on PGlite in a temporary data directory, or on DATABASE_URL when set (a new
 * database is created and dropped). On first start it seeds R closed groups of 20 active
 * members, one online meeting each (open now) and a session per person, straight into the
 * tables. This process is the load generator: C socket.io-client clients (websocket), each
 * joining its room; every room sends one message a second for D seconds (a different member
 * each time) and every receipt is timed from its send (same clock).
 *
 * - lost: acknowledged messages a member of the room never received; duplicated: a message
 *   received twice by one client (by clientId).
 * - ceiling_deliveries_per_s: a bare `ws` WebSocketServer in a child process, same clients
 *   and rooms, each room's sender sending as fast as its previous message came back — the
 *   most this machine fans out with no storage, no protocol on top.
 * - fault run: a fresh server child, 10 rooms of 20 clients sending 5 messages a second per
 *   room; the child is SIGKILLed mid-run and restarted on the same data; clients reconnect,
 *   re-join with the last sequence they saw and resend what was not acknowledged with the
 *   same clientId. fault_lost counts acknowledged messages missing (from the room, or from a
 *   client's view once it caught up); fault_duplicated counts a message stored twice.
 *
 * Options: --quick (1,000 clients in 50 rooms, 10 s), --clients N (5000), --rooms N (250),
 * --duration S (20), --no-fault, --no-ceiling.
 * The LAST line is one JSON object: clients, rooms, messages_per_s, deliveries_per_s, p50_ms,
 * p99_ms, lost, duplicated, rss_mb, ceiling_deliveries_per_s, fault_lost, fault_duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connectClient, type Socket } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';
import type { Ack, RoomMessage, RoomSnapshot } from '../contracts/rooms.ts';

const here = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};

interface SeedPerson {
  userId: string;
  cookie: string;
}
interface SeedRoom {
  meetingSlug: string;
  occurrenceId: string;
  people: SeedPerson[];
}

// ─── the server child ─────────────────────────────────────────────────────────────────────

async function serve(): Promise<void> {
  const { buildApp } = await import('../server/app.ts');
  const { openDatabase } = await import('../server/db/client.ts');
  const { systemClock } = await import('../server/lib/clock.ts');
  const { loadConfig } = await import('../server/lib/config.ts');
  const { MemoryMailer } = await import('../server/lib/mailer.ts');
  const dataDir = option('data', '');
  const port = Number(option('port', '0'));
  const seedFile = option('seed', '');
  const databaseUrl = option('db', '');
  if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
  const database = await openDatabase(
    databaseUrl ? { databaseUrl } : { pgliteDir: path.join(dataDir, 'pglite') },
  );
  const config = loadConfig({
    SESSION_SECRET: 'b'.repeat(40),
    LOG_LEVEL: 'error',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    mailer: new MemoryMailer(),
  });
  if (seedFile && flag('fresh')) {
    const rooms = await seed(app, Number(option('rooms', '1')), Number(option('size', '20')));
    writeFileSync(seedFile, JSON.stringify(rooms));
  }
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.({ ready: true });
  process.on('message', (m: { rss?: boolean }) => {
    if (m.rss) process.send?.({ rss: process.memoryUsage().rss });
  });
}

/** Groups, members, meetings open now, and sessions, straight into the tables. */
async function seed(
  app: Awaited<ReturnType<typeof import('../server/app.ts').buildApp>>,
  roomCount: number,
  size: number,
): Promise<SeedRoom[]> {
  const schema = await import('../server/db/schema/index.ts');
  const { toRRule } = await import('../server/modules/meetings/recurrence.ts');
  const { sessionCookieName } = await import('../server/plugins/session-cookie.ts');
  const db = app.deps.database.db;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const startTime = now.toISOString().slice(11, 16);
  const tag = randomBytes(3).toString('hex');
  const rooms: SeedRoom[] = [];
  for (let r = 0; r < roomCount; r++) {
    const [group] = await db
      .insert(schema.groups)
      .values({ slug: `bench-${tag}-${r}`, name: `Bench group ${r}`, isOpen: false })
      .returning();
    const users = await db
      .insert(schema.users)
      .values(
        Array.from({ length: size }, (_, i) => ({
          email: `bench-${tag}-${r}-${i}@example.org`,
          displayName: `Person ${r}.${i}`,
          passwordHash: null,
        })),
      )
      .returning({ id: schema.users.id });
    await db.insert(schema.groupMemberships).values(
      users.map((u, i) => ({
        groupId: group!.id,
        userId: u.id,
        role: i === 0 ? ('facilitator' as const) : ('member' as const),
        status: 'active' as const,
      })),
    );
    const series = {
      timezone: 'UTC',
      startTime,
      durationMinutes: 240,
      startsOn: today,
      endsOn: null,
      recurrence: { kind: 'once' as const },
    };
    const [meeting] = await db
      .insert(schema.meetings)
      .values({
        groupId: group!.id,
        slug: `bench-${tag}-${r}`,
        name: `Bench meeting ${r}`,
        timezone: 'UTC',
        startTime,
        durationMinutes: 240,
        rrule: toRRule(series),
        startsOn: today,
        conferenceUrl: 'https://meet.example.org/bench',
        attendance: 'online',
      })
      .returning();
    const people: SeedPerson[] = [];
    for (const u of users) {
      const { token } = await app.sessions.create(u.id, { userAgent: 'bench', ip: null });
      people.push({ userId: u.id, cookie: `${sessionCookieName(app.deps.config)}=${token}` });
    }
    rooms.push({ meetingSlug: meeting!.slug, occurrenceId: today, people });
  }
  return rooms;
}

// ─── the bare ws ceiling child ──────────────────────────────────────────────────────────────

async function serveCeiling(): Promise<void> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, req) => {
    const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '0';
    let set = rooms.get(room);
    if (!set) rooms.set(room, (set = new Set()));
    set.add(ws);
    ws.on('message', (data) => {
      for (const peer of set) peer.send(data);
    });
    ws.on('close', () => set.delete(ws));
  });
  server.listen(Number(option('port', '0')), '127.0.0.1', () => process.send?.({ ready: true }));
}

// ─── the load generator ─────────────────────────────────────────────────────────────────────

function startChild(mode: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', here, ...mode], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server child exited (${code})`)));
    child.on('message', (m: { ready?: boolean }) => {
      if (m.ready) {
        child.removeAllListeners('exit');
        resolve(child);
      }
    });
  });
}

const childRss = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    const onMessage = (m: { rss?: number }) => {
      if (m.rss !== undefined) {
        child.off('message', onMessage);
        resolve(m.rss);
      }
    };
    child.on('message', onMessage);
    child.send({ rss: true });
  });

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

function openSocket(url: string, cookie: string, reconnection = false): Promise<Socket> {
  const socket = connectClient(url, {
    transports: ['websocket'],
    reconnection,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    forceNew: true,
    extraHeaders: { cookie },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return out;
}

interface Client {
  socket: Socket;
  room: number;
  roomId: string;
  seen: Map<string, number>;
}

async function loadRun(url: string, rooms: SeedRoom[], perRoom: number, duration: number) {
  const people = rooms.flatMap((room, r) => room.people.slice(0, perRoom).map((p) => ({ p, r })));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let deliveries = 0;
  const clients = await inBatches(people, 100, async ({ p, r }): Promise<Client> => {
    const socket = await openSocket(url, p.cookie);
    const ack = (await socket.timeout(30_000).emitWithAck('room:join', {
      meetingSlug: rooms[r]!.meetingSlug,
      occurrenceId: rooms[r]!.occurrenceId,
    })) as Ack<RoomSnapshot>;
    if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack.error)}`);
    const client: Client = { socket, room: r, roomId: ack.data.roomId, seen: new Map() };
    socket.on('chat:message', (m: RoomMessage) => {
      const at = performance.now();
      client.seen.set(m.clientId, (client.seen.get(m.clientId) ?? 0) + 1);
      const sent = sentAt.get(m.clientId);
      if (sent !== undefined) latencies.push(at - sent);
      deliveries++;
    });
    return client;
  });
  const byRoom = rooms.map((_, r) => clients.filter((c) => c.room === r));
  const acked: { room: number; clientId: string }[] = [];
  let refused = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let tick = 0; tick < duration; tick++) {
    const tickStart = performance.now();
    byRoom.forEach((members, r) => {
      const sender = members[tick % members.length]!;
      const clientId = `b-${r}-${tick}-${randomBytes(3).toString('hex')}`;
      // Spread the rooms' sends over the second, as real rooms would.
      const delay = (r / byRoom.length) * 1000;
      pending.push(
        sleep(delay).then(async () => {
          sentAt.set(clientId, performance.now());
          const ack = (await sender.socket
            .timeout(10_000)
            .emitWithAck('chat:send', { roomId: sender.roomId, clientId, body: `hello ${tick}` })
            .catch(() => ({ ok: false }))) as Ack<RoomMessage>;
          if (ack.ok) acked.push({ room: r, clientId });
          else refused++;
        }),
      );
    });
    await sleep(Math.max(0, 1000 - (performance.now() - tickStart)));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  await sleep(2_000);
  let lost = 0;
  let duplicated = 0;
  for (const { room, clientId } of acked) {
    for (const c of byRoom[room]!) {
      const n = c.seen.get(clientId) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
  }
  latencies.sort((a, b) => a - b);
  for (const c of clients) c.socket.disconnect();
  return {
    clients: clients.length,
    rooms: rooms.length,
    messages_per_s: Math.round(acked.length / elapsed),
    deliveries_per_s: Math.round(deliveries / elapsed),
    p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
    lost,
    duplicated,
    refused,
  };
}

async function ceilingRun(roomCount: number, perRoom: number, seconds: number): Promise<number> {
  const port = await freePort();
  const child = await startChild(['--ceiling', '--port', String(port)]);
  try {
    const sockets: { ws: WebSocket; room: number }[] = [];
    for (let r = 0; r < roomCount; r++) {
      for (let i = 0; i < perRoom; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/?room=${r}`);
        await new Promise((res, rej) => ws.once('open', res).once('error', rej));
        sockets.push({ ws, room: r });
      }
    }
    let deliveries = 0;
    let running = true;
    for (const s of sockets) s.ws.on('message', () => deliveries++);
    const payload = JSON.stringify({ body: 'x'.repeat(40), clientId: 'ceiling' });
    const senders = Array.from({ length: roomCount }, (_, r) => sockets.find((s) => s.room === r)!);
    // Each room's sender sends again as soon as its own message comes back.
    for (const s of senders) {
      s.ws.on('message', () => {
        if (running) s.ws.send(payload);
      });
      s.ws.send(payload);
    }
    const started = performance.now();
    await sleep(seconds * 1000);
    running = false;
    const rate = deliveries / ((performance.now() - started) / 1000);
    for (const s of sockets) s.ws.close();
    return Math.round(rate);
  } finally {
    child.kill('SIGKILL');
  }
}

async function faultRun(
  serverArgs: (port: number) => string[],
  rooms: SeedRoom[],
): Promise<{ fault_lost: number; fault_duplicated: number; fault_caught_up: boolean }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = await startChild(serverArgs(port));
  interface FaultClient {
    socket: Socket;
    room: number;
    roomId: string;
    bySeq: Map<number, RoomMessage>;
    lastRev: number;
  }
  const clients: FaultClient[] = [];
  const join = async (c: FaultClient) => {
    const ack = (await c.socket.timeout(10_000).emitWithAck('room:join', {
      meetingSlug: rooms[c.room]!.meetingSlug,
      occurrenceId: rooms[c.room]!.occurrenceId,
      ...(c.lastRev > 0 ? { lastSeq: c.lastRev } : {}),
    })) as Ack<RoomSnapshot>;
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    c.roomId = ack.data.roomId;
    for (const m of ack.data.messages) c.bySeq.set(m.seq, m);
    c.lastRev = Math.max(c.lastRev, ack.data.lastSeq);
  };
  for (const [r, room] of rooms.entries()) {
    for (const p of room.people) {
      const socket = await openSocket(url, p.cookie, true);
      const c: FaultClient = { socket, room: r, roomId: '', bySeq: new Map(), lastRev: 0 };
      socket.on('chat:message', (m: RoomMessage) => {
        c.bySeq.set(m.seq, m);
        c.lastRev = Math.max(c.lastRev, m.rev);
      });
      // On every reconnect: re-join with the last sequence seen.
      socket.io.on('reconnect', () => void join(c).catch(() => {}));
      await join(c);
      clients.push(c);
    }
  }
  console.error(`fault run: ${clients.length} clients joined; sending, then SIGKILL…`);
  const acked = new Map<string, { room: number; id: string }>();
  const unacked = new Map<string, { sender: FaultClient; body: string }>();
  let firstRefusal = '';
  const send = async (sender: FaultClient, clientId: string, body: string) => {
    unacked.set(clientId, { sender, body });
    const ack = (await sender.socket
      .timeout(3_000)
      .emitWithAck('chat:send', { roomId: sender.roomId, clientId, body })
      .catch(() => ({ ok: false }))) as Ack<RoomMessage>;
    if (ack.ok) {
      acked.set(clientId, { room: sender.room, id: ack.data.id });
      unacked.delete(clientId);
    } else if (!firstRefusal) {
      firstRefusal = JSON.stringify(ack);
      console.error(`fault run: first refusal ${firstRefusal}`);
    }
  };
  let sending = true;
  let n = 0;
  const tagOf = () => randomBytes(2).toString('hex');
  const loops = rooms.map(async (_, r) => {
    const members = clients.filter((c) => c.room === r);
    while (sending) {
      const sender = members[n++ % members.length]!;
      if (sender.socket.connected)
        void send(sender, `fault-${r}-${n}-${tagOf()}`, `fault ${r} ${n}`);
      await sleep(200);
    }
  });
  await sleep(2_000);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  await sleep(500);
  console.error('fault run: killed; restarting…');
  child = await startChild(serverArgs(port));
  console.error('fault run: restarted');
  await sleep(2_500);
  sending = false;
  await Promise.all(loops);
  // Resend what was never acknowledged, with the same clientId (a retry, not a new message).
  for (let round = 0; round < 5 && unacked.size > 0; round++) {
    await Promise.all(
      [...unacked].map(([clientId, { sender, body }]) =>
        sender.socket.connected ? send(sender, clientId, body) : Promise.resolve(),
      ),
    );
    await sleep(500);
  }
  console.error(`fault run: ${acked.size} acknowledged, ${unacked.size} never; checking…`);
  await sleep(1_500);
  // The truth: a fresh look at each room from a new connection.
  let faultLost = 0;
  let faultDuplicated = 0;
  let caughtUp = true;
  for (const [r, room] of rooms.entries()) {
    const probe = await openSocket(url, room.people[0]!.cookie);
    const ack = (await probe.timeout(10_000).emitWithAck('room:join', {
      meetingSlug: room.meetingSlug,
      occurrenceId: room.occurrenceId,
      lastSeq: 0,
    })) as Ack<RoomSnapshot>;
    probe.disconnect();
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const stored = ack.data.messages;
    const byClientId = new Map<string, number>();
    for (const m of stored) byClientId.set(m.clientId, (byClientId.get(m.clientId) ?? 0) + 1);
    for (const [, count] of byClientId) if (count > 1) faultDuplicated += count - 1;
    // A message whose body was stored under two ids (a retry with a new id) counts too.
    const bodies = new Map<string, number>();
    for (const m of stored) bodies.set(m.body, (bodies.get(m.body) ?? 0) + 1);
    for (const [, count] of bodies) if (count > 1) faultDuplicated += count - 1;
    const storedIds = new Set(stored.map((m) => m.id));
    for (const [, a] of acked) if (a.room === r && !storedIds.has(a.id)) faultLost++;
    for (const c of clients.filter((x) => x.room === r)) {
      const mine = new Set([...c.bySeq.values()].map((m) => m.id));
      for (const [, a] of acked) if (a.room === r && !mine.has(a.id)) faultLost++;
      if (stored.some((m) => !c.bySeq.has(m.seq))) caughtUp = false;
    }
  }
  for (const c of clients) c.socket.disconnect();
  child.kill('SIGKILL');
  return { fault_lost: faultLost, fault_duplicated: faultDuplicated, fault_caught_up: caughtUp };
}

async function main(): Promise<void> {
  const quick = flag('quick');
  const clientCount = Number(option('clients', quick ? '1000' : '5000'));
  const roomCount = Number(option('rooms', quick ? '50' : '250'));
  const duration = Number(option('duration', quick ? '10' : '20'));
  const perRoom = Math.max(1, Math.round(clientCount / roomCount));
  const faultRooms = Number(option('fault-rooms', '10'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'rooms-bench-'));
  const dbUrl = process.env.DATABASE_URL;
  const databases: string[] = [];
  const newDatabase = async () => {
    if (!dbUrl) return '';
    const name = `rooms_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databases.push(name);
    const u = new URL(dbUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  try {
    // The load run.
    const mainDb = await newDatabase();
    const seedFile = path.join(work, 'seed.json');
    const port = await freePort();
    const serverArgs = (p: number, dir: string, db: string, seedPath: string, count: number) => [
      '--serve',
      '--port',
      String(p),
      '--data',
      dir,
      '--seed',
      seedPath,
      '--rooms',
      String(count),
      '--size',
      String(perRoom),
      ...(db ? ['--db', db] : []),
    ];
    console.error(`seeding ${roomCount} rooms of ${perRoom}…`);
    const child = await startChild([
      ...serverArgs(port, path.join(work, 'main'), mainDb, seedFile, roomCount),
      '--fresh',
    ]);
    const rooms = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedRoom[];
    console.error(`connecting ${clientCount} clients, sending for ${duration} s…`);
    const load = await loadRun(`http://127.0.0.1:${port}`, rooms, perRoom, duration);
    const rssMb = Math.round((await childRss(child)) / 1024 / 1024);
    child.kill('SIGKILL');
    console.error(JSON.stringify(load));

    const ceiling = flag('no-ceiling') ? null : await ceilingRun(roomCount, perRoom, 5);
    console.error(`ceiling: ${ceiling} deliveries/s`);

    let fault = {
      fault_lost: null as number | null,
      fault_duplicated: null as number | null,
      fault_caught_up: null as boolean | null,
    };
    if (!flag('no-fault')) {
      const faultDb = await newDatabase();
      const faultSeed = path.join(work, 'fault-seed.json');
      const faultDir = path.join(work, 'fault');
      const seedPort = await freePort();
      const seeder = await startChild([
        ...serverArgs(seedPort, faultDir, faultDb, faultSeed, faultRooms),
        '--fresh',
      ]);
      seeder.kill('SIGKILL');
      await new Promise((r) => seeder.once('exit', r));
      console.error('fault run: seeded');
      const faultRoomsSeed = JSON.parse(readFileSync(faultSeed, 'utf8')) as SeedRoom[];
      fault = await faultRun(
        (p) => serverArgs(p, faultDir, faultDb, '', faultRooms),
        faultRoomsSeed,
      );
    }
    console.log(
      JSON.stringify({
        clients: load.clients,
        rooms: load.rooms,
        messages_per_s: load.messages_per_s,
        deliveries_per_s: load.deliveries_per_s,
        p50_ms: load.p50_ms,
        p99_ms: load.p99_ms,
        lost: load.lost,
        duplicated: load.duplicated,
        rss_mb: rssMb,
        ceiling_deliveries_per_s: ceiling,
        fault_lost: fault.fault_lost,
        fault_duplicated: fault.fault_duplicated,
        fault_caught_up: fault.fault_caught_up,
        database: dbUrl ? 'postgresql' : 'pglite',
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (dbUrl) {
      for (const name of databases) {
        const admin = new pg.Client({ connectionString: dbUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    }
  }
}

if (flag('serve')) {
  await serve();
} else if (flag('ceiling')) {
  await serveCeiling();
} else {
  await main();
  process.exit(0);
}
