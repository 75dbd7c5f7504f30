import type { IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { clientEvents, type AckError, type ClientEvent } from '../../contracts/rooms.ts';
import type { Live } from '../lib/live.ts';
import { AppError } from '../lib/errors.ts';
import {
  checkStillInRoom,
  presentPeople,
  roomRef,
  RoomError,
  type LoadedRoom,
  type PresenceHooks,
  type RoomsDeps,
} from '../modules/rooms/rooms.service.ts';
import type { ScreenMessage } from '../modules/rooms/rooms.screening.ts';
import { findUserById } from '../modules/users/users.service.ts';
import { sessionCookieName } from '../plugins/session-cookie.ts';
import { actorFromUser, policyContext, type Actor } from '../policies/index.ts';
import { chatEvents } from './chat-events.ts';
import { flowEvents, moderationEvents } from './flow-events.ts';
import { personLeftFlow } from '../modules/rooms/rooms.flow.ts';
import type { EventContext, EventHandlers, RoomSocket, SocketData } from './handlers.ts';
import { roomChannel, socketLive, userChannel } from './live.ts';
import { RateLimited, roomLimits } from './rate-limits.ts';

/** The largest packet a client may send; a bigger one closes its connection. */
export const MAX_PACKET_BYTES = 16 * 1024;
/** A socket's session is looked up again at most this often (signed out, suspended). */
const SESSION_RECHECK_MS = 60_000;
const WRITE_EVENTS: ReadonlySet<ClientEvent> = new Set([
  'chat:send',
  'chat:edit',
  'chat:delete',
  'chat:react',
]);

export interface RealtimeOptions {
  /** More event handlers (the flow and moderation events), merged over the chat ones. */
  handlers?: EventHandlers;
  screenMessage?: ScreenMessage;
  presenceHooks?: PresenceHooks;
}

export interface Realtime {
  io: Server;
  live: Live;
  /** The deps room services get (with `live` and the presence lookups of this server). */
  roomsDeps: RoomsDeps;
}

const fail = (code: string, message: string, field?: string) => ({
  ok: false as const,
  error: { code, message, ...(field ? { field } : {}) } satisfies AckError,
});

/** An error as an acknowledgement: refusals say why; anything unexpected is logged. */
function toAck(err: unknown, log: (err: unknown) => void) {
  if (err instanceof RoomError) return fail(err.code, err.message, err.field);
  if (err instanceof RateLimited) {
    return fail(
      'rate_limited',
      `Too many messages at once. Try again in ${Math.ceil(err.msBeforeNext / 1000)} s.`,
    );
  }
  if (err instanceof AppError) {
    return fail(err.code, err.message, err.details?.[0]?.field);
  }
  log(err);
  return fail('internal', 'Something went wrong. Please try again.');
}

function originAllowed(req: IncomingMessage, ownOrigin: string, trustProxy: boolean): boolean {
  const origin = req.headers.origin;
  // Browsers always send Origin on a WebSocket and on cross-site requests; other clients
  // (the benchmark, native apps) carry no ambient cookies to abuse.
  if (!origin) return true;
  if (origin === ownOrigin) return true;
  const forwarded = trustProxy ? req.headers['x-forwarded-proto'] : undefined;
  const proto =
    (typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined) ??
    ('encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http');
  return origin === `${proto}://${req.headers.host}`;
}

/**
 * Socket.IO on the app's own HTTP server (path `/socket.io`): the session cookie signs the
 * socket in, every event is validated (contracts/rooms.ts), rate-limited and checked by
 * the room policy. With Redis, the redis adapter carries rooms and presence across
 * instances. See docs/realtime.md.
 */
export function attachRealtime(app: FastifyInstance, opts: RealtimeOptions = {}): Realtime {
  const { config, database, clock, redis } = app.deps;
  const ownOrigin = new URL(config.publicUrl).origin;
  const cookieName = sessionCookieName(config);
  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    allowRequest: (req, callback) => {
      const ok = originAllowed(req, ownOrigin, Boolean(config.trustProxy));
      callback(ok ? null : 'Requests from other sites are not accepted.', ok);
    },
  });
  let pub: Redis | undefined;
  let sub: Redis | undefined;
  if (redis) {
    // Pub/sub clients without the key prefix (it does not apply to channels); the prefix
    // goes in the adapter's channel names so deployments sharing a Redis stay apart.
    pub = redis.duplicate({ keyPrefix: undefined });
    sub = redis.duplicate({ keyPrefix: undefined });
    for (const client of [pub, sub]) {
      client.on('error', (err) => app.log.warn({ err }, 'realtime Redis connection'));
    }
    io.adapter(createAdapter(pub, sub, { key: `${redis.options.keyPrefix ?? ''}socket.io` }));
  }
  const logError = (err: unknown, message: string) => app.log.error({ err }, message);
  const limits = roomLimits(redis);
  /** Event handlers and departures still running (closing waits for them). */
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    void work.then(done, done);
  };

  const present = async (roomId: string, exclude?: string) => {
    const sockets = await io.in(roomChannel(roomId)).fetchSockets();
    return sockets
      .map((s) => s.data as SocketData)
      .filter((d) => d?.userId && d.userId !== exclude)
      .map((d) => ({
        userId: d.userId,
        displayName: d.displayName,
        pronouns: d.pronouns,
        role: d.roles[roomId] ?? ('member' as const),
      }));
  };
  const people = async (roomId: string, exclude?: string) =>
    presentPeople({ db: database.db }, roomId, await present(roomId, exclude));
  const broadcastPeople = async (roomId: string, exclude?: string) => {
    io.to(roomChannel(roomId)).emit('room:people', {
      roomId,
      people: await people(roomId, exclude),
    });
  };

  // Read at call time (`roomsDeps.presenceHooks`), so the app may plug attendance in later.
  const hooks = () => roomsDeps.presenceHooks;
  /** After a socket of `userId` left `roomId`: attendance when it was their last, presence. */
  const afterLeaving = async (userId: string, roomId: string, exclude?: string) => {
    const still = (await present(roomId, exclude)).some((p) => p.userId === userId);
    const left = hooks()?.left;
    if (!still && left) {
      const ref = await roomRef({ db: database.db }, roomId);
      // Attendance never stands in the way of leaving.
      if (ref) {
        await Promise.resolve(left({ roomId, ...ref, userId, at: clock.now() })).catch((err) =>
          logError(err, 'the presence hook (left) failed'),
        );
      }
    }
    // Their hand goes down, and the floor or a round's turn moves on (rooms.flow.ts).
    if (!still) {
      await personLeftFlow(roomsDeps, roomId, userId, await present(roomId, exclude)).catch((err) =>
        logError(err, 'could not update the flow after someone left'),
      );
    }
    await broadcastPeople(roomId, exclude);
  };

  const live = socketLive(io, (userId, roomId) => afterLeaving(userId, roomId, userId), logError);
  const roomsDeps: RoomsDeps = {
    db: database.db,
    clock,
    policy: policyContext(config),
    live,
    screenMessage: opts.screenMessage,
    people: (roomId) => people(roomId),
    crisisLines: () => app.settings.crisisLines(),
    presenceHooks: opts.presenceHooks,
  };
  const handlers: EventHandlers = {
    ...chatEvents,
    ...flowEvents,
    ...moderationEvents,
    ...opts.handlers,
  };
  const actors = new WeakMap<RoomSocket, { actor: Actor; token: string; checkedAt: number }>();

  io.use(async (raw, next) => {
    const socket = raw as RoomSocket;
    try {
      const cookies = app.parseCookie(socket.request.headers.cookie ?? '');
      const token = cookies[cookieName];
      const resolved = token ? await app.sessions.resolve(token) : undefined;
      if (!token || !resolved) {
        const err = new Error('Please sign in to continue.') as Error & { data?: unknown };
        err.data = { code: 'unauthenticated' };
        return next(err);
      }
      const user = await findUserById(database.db, resolved.user.id);
      socket.data = {
        userId: resolved.user.id,
        displayName: user?.displayName ?? 'Member',
        pronouns: user?.showPronouns ? (user.pronouns ?? null) : null,
        roles: {},
      };
      actors.set(socket, {
        actor: actorFromUser(resolved.user, resolved.session.id),
        token,
        checkedAt: clock.now().getTime(),
      });
      next();
    } catch (err) {
      logError(err, 'socket sign-in failed');
      next(new Error('Something went wrong. Please try again.'));
    }
  });

  /** The socket's actor, its session re-checked now and then; null when it has ended. */
  async function actorOf(socket: RoomSocket): Promise<Actor | null> {
    const entry = actors.get(socket);
    if (!entry) return null;
    const now = clock.now().getTime();
    if (now - entry.checkedAt < SESSION_RECHECK_MS) return entry.actor;
    const resolved = await app.sessions.resolve(entry.token);
    if (!resolved) return null;
    entry.actor = actorFromUser(resolved.user, resolved.session.id);
    entry.checkedAt = now;
    return entry.actor;
  }

  io.on('connection', (raw) => {
    const socket = raw as RoomSocket;
    const { userId } = socket.data;
    void socket.join(userChannel(userId));

    const enter = async (loaded: LoadedRoom) => {
      const roomId = loaded.room.id;
      const channel = roomChannel(roomId);
      socket.data.roles[roomId] = loaded.moderator ? 'facilitator' : 'member';
      const already = socket.rooms.has(channel);
      await socket.join(channel);
      const joined = hooks()?.joined;
      if (!already && joined) {
        const mine = (await present(roomId)).filter((p) => p.userId === userId).length;
        if (mine <= 1) {
          await Promise.resolve(
            joined({
              roomId,
              meetingId: loaded.room.meetingId,
              occurrenceId: loaded.room.occurrenceId,
              userId,
              at: clock.now(),
            }),
          ).catch((err) => logError(err, 'the presence hook (joined) failed'));
        }
      }
      await broadcastPeople(roomId);
    };
    const leave = async (roomId: string) => {
      await socket.leave(roomChannel(roomId));
      delete socket.data.roles[roomId];
      await afterLeaving(userId, roomId);
    };

    async function dispatch(event: string, args: unknown[]): Promise<unknown> {
      await limits.event(socket.id);
      if (!Object.hasOwn(clientEvents, event)) {
        throw new RoomError('unknown_event', `There is no event called "${event}".`, 'event');
      }
      const name = event as ClientEvent;
      const handler = handlers[name];
      if (!handler) {
        throw new RoomError('unknown_event', `The event "${event}" is not available.`, 'event');
      }
      const parsed = clientEvents[name].safeParse(args[0]);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const extra = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
        const field = [...issue.path.map(String), ...(extra ? [extra] : [])].join('.') || 'payload';
        throw new RoomError('validation_failed', `${field}: ${issue.message}`, field);
      }
      const actor = await actorOf(socket);
      if (!actor) {
        socket.emit('room:notice', {
          roomId: '',
          kind: 'removed',
          message: 'You were signed out. Sign in again to come back.',
        });
        socket.disconnect(true);
        throw new RoomError('unauthenticated', 'Please sign in to continue.');
      }
      if (WRITE_EVENTS.has(name)) await limits.write(socket.id, userId);
      let loaded: LoadedRoom | null = null;
      const payload = parsed.data as { roomId?: string };
      if (name !== 'room:join' && typeof payload.roomId === 'string') {
        if (!socket.rooms.has(roomChannel(payload.roomId))) {
          throw new RoomError('not_in_room', 'You are not in that room. Join it first.', 'roomId');
        }
        if (name !== 'room:leave') {
          try {
            loaded = await checkStillInRoom(roomsDeps, actor, payload.roomId);
          } catch (err) {
            // No longer allowed (left the group, removed): out of the room at once.
            if (
              err instanceof RoomError &&
              (err.code === 'forbidden' || err.code === 'not_found')
            ) {
              await leave(payload.roomId);
            }
            throw err;
          }
        }
      }
      const ctx: EventContext = {
        deps: roomsDeps,
        actor,
        socket,
        loaded,
        enter,
        leave,
        broadcastPeople: (roomId) => broadcastPeople(roomId),
      };
      return (handler as (c: EventContext, p: unknown) => Promise<unknown>)(ctx, parsed.data);
    }

    socket.onAny((event: string, ...args: unknown[]) => {
      const ack =
        typeof args.at(-1) === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
      track(
        dispatch(event, args).then(
          (data) => ack?.({ ok: true, data }),
          (err) => ack?.(toAck(err, (e) => logError(e, `socket event ${event} failed`))),
        ),
      );
    });

    let leaving: string[] = [];
    socket.on('disconnecting', () => {
      leaving = Object.keys(socket.data.roles);
    });
    socket.on('disconnect', () => {
      for (const roomId of leaving) {
        track(
          afterLeaving(userId, roomId).catch((err) =>
            logError(err, 'could not update a room after a disconnect'),
          ),
        );
      }
    });
  });

  app.addHook('preClose', async () => {
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => {
      io.engine.close();
      resolve();
    });
    // Work still running (an event, a departure's presence update) may use Redis: let it
    // finish before the clients go, or its commands fail on a closed connection.
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    // The adapter's subscriptions end with its clients; QUIT lets pending commands finish.
    await Promise.all([pub?.quit().catch(() => {}), sub?.quit().catch(() => {})]);
  });

  return { io, live, roomsDeps };
}
