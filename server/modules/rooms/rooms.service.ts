import type { z } from 'zod';
import type { CrisisLine } from '../../../contracts/settings.ts';
import {
  EDIT_WINDOW_MS,
  RESUME_MAX,
  type DeleteMessage,
  type EditMessage,
  type JoinRoom,
  type React,
  type RoomFlow,
  type RoomMessage,
  type RoomPerson,
  type RoomSnapshot,
  type SendMessage,
} from '../../../contracts/rooms.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Live } from '../../lib/live.ts';
import type { Actor, PolicyContext } from '../../policies/index.ts';
import {
  canModerateRoom,
  decideRoom,
  type RoomAccess,
  type RoomAction,
  type RoomState,
} from '../../policies/room.policy.ts';
import { loadRoomOccurrence, type RoomOccurrence } from '../meetings/meetings.rooms.service.ts';
import { flowForSnapshot } from './rooms.flow.ts';
import { presentMessage } from './rooms.presenter.ts';
import * as repo from './rooms.repository.ts';
import type { RoomParticipantRow, RoomRow } from './rooms.repository.ts';
import { closesAt, hasRoom, opensAt, roomState } from './rooms.rules.ts';
import { passThroughScreening, type ScreenMessage } from './rooms.screening.ts';

/** A person's first socket entering a room, or their last one leaving it (attendance). */
export interface PresenceEvent {
  roomId: string;
  meetingId: string;
  occurrenceId: string;
  userId: string;
  at: Date;
}

/** Called by the realtime layer; the attendance module plugs in here (wired in app.ts). */
export interface PresenceHooks {
  joined(e: PresenceEvent): void | Promise<void>;
  left(e: PresenceEvent): void | Promise<void>;
}

export interface RoomsDeps {
  db: Db;
  clock: Clock;
  policy: PolicyContext;
  /** Pushes to open pages (Socket.IO in the app, `noLive` in unit tests). */
  live: Live;
  /** The safety seam (rooms.screening.ts): `passThroughScreening` until the safety issue. */
  screenMessage?: ScreenMessage;
  /** Who is in a room now, across instances (the realtime layer knows; [] without it). */
  people?: (roomId: string) => Promise<RoomPerson[]>;
  /** The organisation's crisis lines, for the room's pinned note. */
  crisisLines?: () => CrisisLine[];
  presenceHooks?: PresenceHooks;
}

/** A refusal on a socket: the code (contracts/rooms.ts ROOM_ERROR_CODES), words, the field. */
export class RoomError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RoomError';
  }
}

const NO_ROOM = 'That room was not found.';

/** Everything a room's rules and views need, loaded for one actor. */
export interface LoadedRoom {
  room: RoomRow;
  occurrence: RoomOccurrence;
  participant: RoomParticipantRow | undefined;
  access: RoomAccess;
  state: RoomState;
  /** The actor may moderate (facilitator of the group, or admin under the staff rule). */
  moderator: boolean;
}

function accessOf(
  occurrence: RoomOccurrence,
  room: Pick<RoomRow, 'openedEarlyAt' | 'endedAt'> | undefined,
  participant: RoomParticipantRow | undefined,
  now: Date,
): { access: RoomAccess; state: RoomState } {
  const state = roomState(
    {
      start: occurrence.start,
      end: occurrence.end,
      cancelled: occurrence.cancelled,
      openedEarlyAt: room?.openedEarlyAt ?? null,
      endedAt: room?.endedAt ?? null,
    },
    now,
  );
  return {
    state,
    access: {
      ...occurrence.context,
      state,
      removed: participant?.removedAt != null,
      muted: participant?.mutedAt != null,
    },
  };
}

function refuse(decision: { ok: false; code: string; message: string }): never {
  throw new RoomError(decision.code, decision.message);
}

/** Throws unless `action` is allowed; a muted person's send says so with its own code. */
export function authorizeRoom(
  deps: Pick<RoomsDeps, 'policy'>,
  actor: Actor | null,
  action: RoomAction,
  loaded: Pick<LoadedRoom, 'access'>,
): asserts actor is Actor {
  const decision = decideRoom(actor, action, loaded.access, deps.policy);
  if (decision.ok) return;
  if (action === 'room.send' && loaded.access.muted && loaded.access.state === 'open') {
    throw new RoomError('muted', decision.message);
  }
  refuse(decision);
}

/** The room (by id) as `actor` stands in it, read fresh: every event re-checks with this. */
export async function loadRoom(
  deps: Pick<RoomsDeps, 'db' | 'clock' | 'policy'>,
  actor: Actor | null,
  roomId: string,
  db: DbOrTx = deps.db,
): Promise<LoadedRoom> {
  const room = /^[0-9a-f-]{36}$/i.test(roomId) ? await repo.findRoom(db, roomId) : undefined;
  if (!room) throw new RoomError('not_found', NO_ROOM, 'roomId');
  const occurrence = await loadRoomOccurrence(
    db,
    deps.policy,
    actor,
    { meetingId: room.meetingId },
    room.occurrenceId,
  );
  if (!occurrence) throw new RoomError('not_found', NO_ROOM, 'roomId');
  const participant = actor ? await repo.findParticipant(db, room.id, actor.userId) : undefined;
  const { access, state } = accessOf(occurrence, room, participant, deps.clock.now());
  return {
    room,
    occurrence,
    participant,
    access,
    state,
    moderator: canModerateRoom(actor, access, deps.policy).ok,
  };
}

function pinnedNote(occurrence: RoomOccurrence, lines: CrisisLine[]): string {
  const parts: string[] = [];
  if (occurrence.group.agreement.trim()) parts.push(occurrence.group.agreement.trim());
  if (lines.length > 0) {
    parts.push(
      'If you are in crisis or thinking about harming yourself, reach out now:\n' +
        lines
          .map(
            (l) =>
              `${l.name}${l.call ? ` — call ${l.call}` : ''}${l.text ? ` — text ${l.text.number}` : ''}`,
          )
          .join('\n'),
    );
  }
  return parts.join('\n\n');
}

async function presentRows(
  db: DbOrTx,
  rows: repo.MessageWithAuthor[],
  readerId: string | null,
): Promise<RoomMessage[]> {
  const reactions = await repo.listReactions(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentMessage(r, reactions, readerId));
}

/**
 * Entering a room (or re-entering it): checks `room.enter` and creates the room on first
 * entry. The caller then takes the snapshot (`snapshotOf`).
 */
export async function joinRoom(
  deps: RoomsDeps,
  actor: Actor | null,
  payload: z.output<typeof JoinRoom>,
): Promise<LoadedRoom> {
  const occurrence = await loadRoomOccurrence(
    deps.db,
    deps.policy,
    actor,
    { meetingSlug: payload.meetingSlug },
    payload.occurrenceId,
  );
  if (!occurrence || !hasRoom(occurrence.meeting.attendance)) {
    throw new RoomError(
      'not_found',
      occurrence
        ? 'This meeting meets in person only, so it has no online room.'
        : 'That meeting has no occurrence on that date.',
      occurrence ? 'meetingSlug' : 'occurrenceId',
    );
  }
  const now = deps.clock.now();
  // Check before creating anything: an outsider's attempt leaves no row behind.
  let existing = await repo.findRoomByOccurrence(
    deps.db,
    occurrence.meeting.id,
    payload.occurrenceId,
  );
  const participant =
    existing && actor ? await repo.findParticipant(deps.db, existing.id, actor.userId) : undefined;
  const before = accessOf(occurrence, existing, participant, now);
  authorizeRoom(deps, actor, 'room.enter', before);
  existing ??= await repo.ensureRoom(deps.db, occurrence.meeting.id, payload.occurrenceId, now);
  const room = existing;
  const { access, state } = accessOf(occurrence, room, participant, now);
  const loaded: LoadedRoom = {
    room,
    occurrence,
    participant,
    access,
    state,
    moderator: canModerateRoom(actor, access, deps.policy).ok,
  };
  return loaded;
}

/**
 * A room's snapshot for `actor` (checks `room.enter`; creates the room on first entry):
 * what `room:join` answers, usable without a socket too.
 */
export async function roomSnapshot(
  deps: RoomsDeps,
  actor: Actor,
  payload: z.output<typeof JoinRoom>,
): Promise<RoomSnapshot> {
  return snapshotOf(deps, actor, await joinRoom(deps, actor, payload), payload.lastSeq);
}

/** The snapshot of a loaded room for `actor` (people from the realtime layer). */
export async function snapshotOf(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  lastSeq?: number,
): Promise<RoomSnapshot> {
  const { room, occurrence } = loaded;
  const rows =
    lastSeq !== undefined
      ? await repo.listMessagesAfter(deps.db, room.id, lastSeq, RESUME_MAX)
      : await repo.listLastMessages(deps.db, room.id, RESUME_MAX);
  const messages = await presentRows(deps.db, rows, actor.userId);
  const fresh = await repo.findRoom(deps.db, room.id);
  const people = (await deps.people?.(room.id)) ?? [];
  // The public flow (server-only fields stripped) and, for leads, who has not shared yet.
  const { flow, notSharedYet } = await flowForSnapshot(
    deps.db,
    { ...loaded, room: fresh ?? room },
    people,
  );
  const times = {
    start: occurrence.start,
    end: occurrence.end,
    cancelled: occurrence.cancelled,
    openedEarlyAt: room.openedEarlyAt,
    endedAt: room.endedAt,
  };
  return {
    roomId: room.id,
    meetingSlug: occurrence.meeting.slug,
    meetingName: occurrence.meeting.name,
    groupName: occurrence.group.name,
    occurrenceId: occurrence.occurrenceId,
    start: occurrence.start.toISOString(),
    end: occurrence.end.toISOString(),
    opensAt: opensAt(times).toISOString(),
    closesAt: closesAt(times).toISOString(),
    state: loaded.state,
    role: loaded.moderator ? 'facilitator' : 'member',
    topic: occurrence.topic,
    literature: occurrence.literature,
    conferenceUrl: occurrence.conferenceUrl,
    pinnedNote: pinnedNote(occurrence, deps.crisisLines?.() ?? []),
    people,
    flow,
    messages,
    lastSeq: fresh?.lastSeq ?? room.lastSeq,
    notSharedYet,
    muted: loaded.access.muted,
  };
}

/** "Not shared yet" is `notSharedYet` in rooms.flow.rules.ts (see `flowForSnapshot`). */

/** Re-checks, for an event in a room the socket joined, that the actor may still be there. */
export async function checkStillInRoom(
  deps: RoomsDeps,
  actor: Actor,
  roomId: string,
): Promise<LoadedRoom> {
  const loaded = await loadRoom(deps, actor, roomId);
  authorizeRoom(deps, actor, 'room.enter', loaded);
  return loaded;
}

async function screen(
  deps: RoomsDeps,
  body: string,
  loaded: LoadedRoom,
  actor: Actor,
  kind: 'send' | 'edit',
) {
  const result = await (deps.screenMessage ?? passThroughScreening)(body, {
    roomId: loaded.room.id,
    groupId: loaded.occurrence.group.id,
    userId: actor.userId,
    kind,
  });
  if (result.action === 'block') throw new RoomError('blocked', result.reason, 'body');
  if (result.action === 'hold') throw new RoomError('held', result.reason, 'body');
}

/** Broadcasts a message (new or changed) to the room, without anyone's own reactions. */
function broadcast(deps: RoomsDeps, roomId: string, message: RoomMessage) {
  deps.live.toRoom(roomId, 'chat:message', { ...message, myReactions: [] });
}

/**
 * Sends a chat message: checked (`room.send`), screened, stored in one transaction that
 * takes the room's next sequence number, then broadcast. A retry with the same clientId
 * answers the stored message and broadcasts nothing.
 */
export async function sendMessage(
  deps: RoomsDeps,
  actor: Actor,
  payload: z.output<typeof SendMessage>,
  preloaded?: LoadedRoom,
): Promise<{ message: RoomMessage; duplicate: boolean }> {
  const loaded = preloaded ?? (await loadRoom(deps, actor, payload.roomId));
  authorizeRoom(deps, actor, 'room.send', loaded);
  const roomId = loaded.room.id;
  const stored = await repo.findMessageByClientId(deps.db, roomId, actor.userId, payload.clientId);
  if (stored) {
    return { message: (await presentRows(deps.db, [stored], actor.userId))[0]!, duplicate: true };
  }
  await screen(deps, payload.body, loaded, actor, 'send');
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    const again = await repo.findMessageByClientId(tx, roomId, actor.userId, payload.clientId);
    if (again) return { row: again, duplicate: true };
    const seq = await repo.nextSeq(tx, roomId);
    await repo.insertMessage(tx, {
      roomId,
      seq,
      rev: seq,
      authorId: actor.userId,
      clientId: payload.clientId,
      body: payload.body,
      sentAt: now,
    });
    const row = await repo.findMessageByClientId(tx, roomId, actor.userId, payload.clientId);
    return { row: row!, duplicate: false };
  });
  const message = presentMessage(result.row, [], actor.userId);
  if (!result.duplicate) broadcast(deps, roomId, message);
  return { message, duplicate: result.duplicate };
}

/**
 * Changes a message in one transaction: takes the room's next sequence number as its new
 * `rev` (so a resume carries the change), then broadcasts it. For edits, deletes, reactions
 * and the moderation helper's hide/unhide.
 */
export async function changeMessage(
  deps: RoomsDeps,
  actor: Actor,
  roomId: string,
  messageId: string,
  change: (
    tx: DbOrTx,
    row: repo.MessageWithAuthor,
  ) => Promise<Parameters<typeof repo.updateMessage>[2] | null>,
): Promise<RoomMessage> {
  const row = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    const current = await repo.findMessage(tx, roomId, messageId);
    if (!current) throw new RoomError('not_found', 'That message was not found.', 'messageId');
    const changes = await change(tx, current);
    if (changes === null) return { row: current, changed: false };
    const rev = await repo.nextSeq(tx, roomId);
    await repo.updateMessage(tx, messageId, { ...changes, rev });
    return { row: (await repo.findMessage(tx, roomId, messageId))!, changed: true };
  });
  const [message] = await presentRows(deps.db, [row.row], actor.userId);
  if (row.changed) broadcast(deps, roomId, message!);
  return message!;
}

const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

function checkOwn(actor: Actor, row: repo.MessageWithAuthor) {
  if (row.authorId !== actor.userId) {
    throw new RoomError('forbidden', 'You can only change your own messages.', 'messageId');
  }
  if (row.deletedAt || row.hiddenAt) {
    throw new RoomError('conflict', 'That message was removed.', 'messageId');
  }
}

/** Editing one's own message within EDIT_WINDOW_MS (screened again). */
export async function editMessage(
  deps: RoomsDeps,
  actor: Actor,
  payload: z.output<typeof EditMessage>,
  preloaded?: LoadedRoom,
): Promise<RoomMessage> {
  const loaded = preloaded ?? (await loadRoom(deps, actor, payload.roomId));
  authorizeRoom(deps, actor, 'room.send', loaded);
  if (!isId(payload.messageId)) {
    throw new RoomError('not_found', 'That message was not found.', 'messageId');
  }
  const now = deps.clock.now();
  const own = await repo.findMessage(deps.db, loaded.room.id, payload.messageId);
  if (own) {
    checkOwn(actor, own);
    if (now.getTime() - own.sentAt.getTime() > EDIT_WINDOW_MS) {
      throw new RoomError(
        'edit_window_passed',
        'A message can be edited for 5 minutes after it is sent.',
        'messageId',
      );
    }
  }
  await screen(deps, payload.body, loaded, actor, 'edit');
  return changeMessage(deps, actor, loaded.room.id, payload.messageId, async (_tx, row) => {
    checkOwn(actor, row);
    if (row.body === payload.body) return null;
    return { body: payload.body, editedAt: now };
  });
}

/** Deleting one's own message: its text is gone for everyone. */
export async function deleteMessage(
  deps: RoomsDeps,
  actor: Actor,
  payload: z.output<typeof DeleteMessage>,
  preloaded?: LoadedRoom,
): Promise<RoomMessage> {
  const loaded = preloaded ?? (await checkStillInRoom(deps, actor, payload.roomId));
  if (!isId(payload.messageId)) {
    throw new RoomError('not_found', 'That message was not found.', 'messageId');
  }
  const now = deps.clock.now();
  return changeMessage(deps, actor, loaded.room.id, payload.messageId, async (_tx, row) => {
    checkOwn(actor, row);
    return { body: '', deletedAt: now };
  });
}

/** A supportive reaction on or off; a change takes a new rev so a resume carries it. */
export async function reactToMessage(
  deps: RoomsDeps,
  actor: Actor,
  payload: z.output<typeof React>,
  preloaded?: LoadedRoom,
): Promise<RoomMessage> {
  const loaded = preloaded ?? (await loadRoom(deps, actor, payload.roomId));
  authorizeRoom(deps, actor, 'room.send', loaded);
  if (!isId(payload.messageId)) {
    throw new RoomError('not_found', 'That message was not found.', 'messageId');
  }
  return changeMessage(deps, actor, loaded.room.id, payload.messageId, async (tx, row) => {
    if (row.deletedAt || row.hiddenAt) {
      throw new RoomError('conflict', 'That message was removed.', 'messageId');
    }
    const changed = await repo.setReaction(tx, row.id, actor.userId, payload.reaction, payload.on);
    return changed ? {} : null;
  });
}

/** Someone with a socket in the room, as the realtime layer knows them. */
export interface PresentPerson {
  userId: string;
  displayName: string;
  pronouns: string | null;
  role: RoomPerson['role'];
}

/** The room's people list: present people with their muted state and raised hands. */
export async function presentPeople(
  deps: Pick<RoomsDeps, 'db'>,
  roomId: string,
  present: readonly PresentPerson[],
): Promise<RoomPerson[]> {
  const unique = [...new Map(present.map((p) => [p.userId, p])).values()];
  if (unique.length === 0) return [];
  const [room, participants] = await Promise.all([
    repo.findRoom(deps.db, roomId),
    repo.listParticipants(
      deps.db,
      roomId,
      unique.map((p) => p.userId),
    ),
  ]);
  const muted = new Set(participants.filter((p) => p.mutedAt).map((p) => p.userId));
  const hands = new Set((room?.flow as RoomFlow | undefined)?.hands ?? []);
  return unique
    .map((p) => ({
      userId: p.userId,
      displayName: p.displayName,
      pronouns: p.pronouns,
      role: p.role,
      muted: muted.has(p.userId),
      handRaised: hands.has(p.userId),
    }))
    .sort(
      (a, b) =>
        (a.role === 'facilitator' ? 0 : 1) - (b.role === 'facilitator' ? 0 : 1) ||
        a.displayName.localeCompare(b.displayName),
    );
}

/** The meeting and occurrence of a room (for attendance), or undefined. */
export async function roomRef(
  deps: Pick<RoomsDeps, 'db'>,
  roomId: string,
): Promise<{ meetingId: string; occurrenceId: string } | undefined> {
  const room = /^[0-9a-f-]{36}$/i.test(roomId) ? await repo.findRoom(deps.db, roomId) : undefined;
  return room ? { meetingId: room.meetingId, occurrenceId: room.occurrenceId } : undefined;
}
