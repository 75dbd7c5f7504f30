import type { z } from 'zod';
import type {
  HideMessage,
  MutePerson,
  PersonAction,
  RoomMessage,
  RoomNotice,
  UnhideMessage,
} from '../../../contracts/rooms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { toLanguage, type Language, type Translated } from '../../i18n/index.ts';
import type { Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserById } from '../users/users.service.ts';
import { accessFor, applyFlowInTx, publishFlow, refuseUnless } from './rooms.flow.ts';
import * as repo from './rooms.repository.ts';
import { changeMessage, RoomError, type LoadedRoom, type RoomsDeps } from './rooms.service.ts';

/**
 * Moderation in a live room, by the meeting's leads (`room-flow.policy.ts`): hide a message
 * with a reason (and show it again), mute someone for the rest of the meeting (and unmute),
 * remove someone (they cannot come back into this occurrence), end the meeting. Each action
 * is one transaction with its audit event (ids only: no reason, no text); after the commit
 * the room is told what changed and the person affected gets a `room:notice` in their own
 * language, in plain and kind words.
 */

type NoticeKind = z.infer<typeof RoomNotice>['kind'];

const quote = (lang: Language, reason: string) => (lang === 'es' ? `«${reason}»` : `“${reason}”`);

/** The words of each notice, in each language; `reason` when the facilitator gave one. */
export const NOTICES: Translated<Record<NoticeKind, (reason: string | null) => string>> = {
  en: {
    muted: (reason) =>
      'A facilitator muted you for the rest of this meeting. You can still read along.' +
      (reason ? ` They said: ${quote('en', reason)}` : ''),
    unmuted: () => 'A facilitator unmuted you. You can write and raise your hand again.',
    removed: () =>
      'A facilitator asked you to leave this meeting, so you cannot come back into it today. ' +
      'You are welcome at the group’s next meeting.',
    message_hidden: (reason) =>
      `A facilitator hid one of your messages. Others see the reason instead: ${quote('en', reason ?? '')}`,
    message_unhidden: () => 'A facilitator showed one of your messages again.',
    ended: () => 'The facilitator has ended the meeting. Thank you for being here today.',
  },
  es: {
    muted: (reason) =>
      'Un facilitador te silenció durante el resto de esta reunión. Puedes seguir leyendo.' +
      (reason ? ` Dijo: ${quote('es', reason)}` : ''),
    unmuted: () =>
      'Un facilitador te quitó el silencio. Puedes volver a escribir y levantar la mano.',
    removed: () =>
      'Un facilitador te pidió que salieras de esta reunión, así que hoy no puedes volver a ' +
      'entrar. Serás bienvenido en la próxima reunión del grupo.',
    message_hidden: (reason) =>
      `Un facilitador ocultó uno de tus mensajes. Los demás ven el motivo en su lugar: ${quote('es', reason ?? '')}`,
    message_unhidden: () => 'Un facilitador volvió a mostrar uno de tus mensajes.',
    ended: () => 'El facilitador terminó la reunión. Gracias por estar aquí hoy.',
  },
};

/** Tells one person, in their language, what a facilitator did that affects them. */
async function notify(
  deps: Pick<RoomsDeps, 'db' | 'live'>,
  userId: string,
  roomId: string,
  kind: NoticeKind,
  reason: string | null = null,
): Promise<void> {
  const user = await findUserById(deps.db, userId);
  const message = NOTICES[toLanguage(user?.locale)][kind](reason);
  deps.live.toUser(userId, 'room:notice', { roomId, kind, message });
}

const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);
const NO_MESSAGE = 'That message was not found.';

async function audit(
  tx: DbOrTx,
  deps: Pick<RoomsDeps, 'clock'>,
  actor: Actor,
  action:
    | 'room_moderation.message_hidden'
    | 'room_moderation.message_unhidden'
    | 'room_moderation.muted'
    | 'room_moderation.unmuted'
    | 'room_moderation.removed'
    | 'room_moderation.meeting_ended',
  roomId: string,
  subjectId: string | null,
  meta: Record<string, string> = {},
): Promise<void> {
  await recordAudit(tx, deps.clock, {
    actorId: actor.userId,
    subjectId,
    action,
    resourceType: 'room',
    resourceId: roomId,
    meta,
  });
}

// ── messages ──────────────────────────────────────────────────────────────────────────

/**
 * Hides a message with a reason: its text is withheld from everyone (the reason shows in
 * its place), it takes a new `rev` so a resume carries it. Hiding a hidden one changes nothing.
 */
export async function hideMessage(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  payload: z.output<typeof HideMessage>,
): Promise<RoomMessage> {
  refuseUnless(deps, actor, 'room.moderate.message', accessFor(loaded));
  if (!isId(payload.messageId)) throw new RoomError('not_found', NO_MESSAGE, 'messageId');
  const roomId = loaded.room.id;
  let authorId: string | null = null;
  const message = await changeMessage(deps, actor, roomId, payload.messageId, async (tx, row) => {
    if (row.deletedAt) {
      throw new RoomError('conflict', 'Its author deleted that message already.', 'messageId');
    }
    if (row.hiddenAt) return null;
    authorId = row.authorId;
    await audit(tx, deps, actor, 'room_moderation.message_hidden', roomId, row.authorId, {
      messageId: row.id,
    });
    return { hiddenReason: payload.reason, hiddenBy: actor.userId, hiddenAt: deps.clock.now() };
  });
  if (authorId && authorId !== actor.userId) {
    await notify(deps, authorId, roomId, 'message_hidden', payload.reason);
  }
  return message;
}

/** Shows a hidden message again, as it was. */
export async function unhideMessage(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  payload: z.output<typeof UnhideMessage>,
): Promise<RoomMessage> {
  refuseUnless(deps, actor, 'room.moderate.message', accessFor(loaded));
  if (!isId(payload.messageId)) throw new RoomError('not_found', NO_MESSAGE, 'messageId');
  const roomId = loaded.room.id;
  let authorId: string | null = null;
  const message = await changeMessage(deps, actor, roomId, payload.messageId, async (tx, row) => {
    if (!row.hiddenAt) return null;
    authorId = row.authorId;
    await audit(tx, deps, actor, 'room_moderation.message_unhidden', roomId, row.authorId, {
      messageId: row.id,
    });
    return { hiddenReason: null, hiddenBy: null, hiddenAt: null };
  });
  if (authorId && authorId !== actor.userId) {
    await notify(deps, authorId, roomId, 'message_unhidden');
  }
  return message;
}

// ── people ────────────────────────────────────────────────────────────────────────────

/**
 * The target of a person action: someone present now (their role in the room tells whether
 * they lead it), or, for undoing, someone with a standing in the room already.
 */
async function targetOf(
  deps: RoomsDeps,
  loaded: LoadedRoom,
  userId: string,
  opts: { mustBePresent: boolean },
) {
  const people = (await deps.people?.(loaded.room.id)) ?? [];
  const person = people.find((p) => p.userId === userId);
  const participant = isId(userId)
    ? await repo.findParticipant(deps.db, loaded.room.id, userId)
    : undefined;
  if (!person && (opts.mustBePresent || !participant)) {
    throw new RoomError('not_found', 'That person is not in the room.', 'userId');
  }
  return { person, participant, people };
}

function checkPerson(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  userId: string,
  role: 'member' | 'facilitator' | undefined,
) {
  refuseUnless(deps, actor, 'room.moderate.person', {
    ...accessFor(loaded),
    targetIsActor: userId === actor.userId,
    targetGroupRole: role ?? null,
  });
}

/**
 * Mutes someone for the rest of this meeting: they may read, not send nor raise a hand; their
 * hand goes down and the floor, if theirs, is released.
 */
export async function mutePerson(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  payload: z.output<typeof MutePerson>,
): Promise<{ userId: string; muted: true }> {
  const { person, participant, people } = await targetOf(deps, loaded, payload.userId, {
    mustBePresent: true,
  });
  checkPerson(deps, actor, loaded, payload.userId, person?.role);
  const roomId = loaded.room.id;
  if (participant?.mutedAt) return { userId: payload.userId, muted: true };
  const reason = payload.reason?.trim() || null;
  const flow = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    await repo.upsertParticipant(tx, {
      roomId,
      userId: payload.userId,
      mutedAt: deps.clock.now(),
      muteReason: reason,
    });
    const changed = await applyFlowInTx(deps, tx, loaded, people, (s) => [
      { type: 'hand.lower', userId: payload.userId },
      ...(s.flow.floor === payload.userId ? [{ type: 'floor.release' } as const] : []),
    ]);
    await audit(tx, deps, actor, 'room_moderation.muted', roomId, payload.userId);
    return changed;
  });
  publishFlow(deps, roomId, flow.state, flow.present);
  await notify(deps, payload.userId, roomId, 'muted', reason);
  return { userId: payload.userId, muted: true };
}

/** Gives a muted person their voice back. */
export async function unmutePerson(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  payload: z.output<typeof PersonAction>,
): Promise<{ userId: string; muted: false }> {
  const { person, participant } = await targetOf(deps, loaded, payload.userId, {
    mustBePresent: false,
  });
  checkPerson(deps, actor, loaded, payload.userId, person?.role);
  const roomId = loaded.room.id;
  if (!participant?.mutedAt) return { userId: payload.userId, muted: false };
  await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    await repo.upsertParticipant(tx, {
      roomId,
      userId: payload.userId,
      mutedAt: null,
      muteReason: null,
    });
    await audit(tx, deps, actor, 'room_moderation.unmuted', roomId, payload.userId);
  });
  await notify(deps, payload.userId, roomId, 'unmuted');
  return { userId: payload.userId, muted: false };
}

/**
 * Removes someone from this meeting: told first, then their sockets leave the room at once
 * (`Live.removeFromRoom`); `room.enter` refuses them for the rest of this occurrence. Not
 * undone in the room (a facilitator can welcome them at the next meeting).
 */
export async function removePerson(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  payload: z.output<typeof PersonAction>,
): Promise<{ userId: string; removed: true }> {
  const { person, participant, people } = await targetOf(deps, loaded, payload.userId, {
    mustBePresent: false,
  });
  checkPerson(deps, actor, loaded, payload.userId, person?.role);
  const roomId = loaded.room.id;
  if (participant?.removedAt) return { userId: payload.userId, removed: true };
  const flow = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    await repo.upsertParticipant(tx, {
      roomId,
      userId: payload.userId,
      removedAt: deps.clock.now(),
    });
    const changed = await applyFlowInTx(deps, tx, loaded, people, () => [
      { type: 'person.left', userId: payload.userId },
    ]);
    await audit(tx, deps, actor, 'room_moderation.removed', roomId, payload.userId);
    return changed;
  });
  await notify(deps, payload.userId, roomId, 'removed');
  deps.live.removeFromRoom(payload.userId, roomId);
  const present = flow.present.filter((p) => p.userId !== payload.userId);
  publishFlow(deps, roomId, flow.state, present);
  return { userId: payload.userId, removed: true };
}

// ── the meeting ───────────────────────────────────────────────────────────────────────

/**
 * Ends the meeting for everyone: `rooms.ended_at` set (the room's state becomes `ended`),
 * the floor, hands, round and timer cleared, everyone told.
 */
export async function endMeeting(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
): Promise<{ roomId: string; state: 'ended' }> {
  refuseUnless(deps, actor, 'room.end', accessFor(loaded));
  const roomId = loaded.room.id;
  const people = (await deps.people?.(roomId)) ?? [];
  const flow = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    const fresh = await repo.findRoom(tx, roomId);
    if (fresh?.endedAt) throw new RoomError('conflict', 'This meeting has ended.');
    await repo.updateRoom(tx, roomId, { endedAt: deps.clock.now() });
    const changed = await applyFlowInTx(deps, tx, loaded, people, (s) => [
      { type: 'floor.release' },
      { type: 'timer.stop' },
      ...(s.flow.round ? [{ type: 'round.stop' } as const] : []),
      ...s.flow.hands.map((userId) => ({ type: 'hand.lower' as const, userId })),
    ]);
    await audit(tx, deps, actor, 'room_moderation.meeting_ended', roomId, null);
    return changed;
  });
  deps.live.toRoom(roomId, 'room:state', { roomId, state: 'ended' });
  publishFlow(deps, roomId, flow.state, flow.present);
  await Promise.all(flow.present.map((p) => notify(deps, p.userId, roomId, 'ended')));
  return { roomId, state: 'ended' };
}
