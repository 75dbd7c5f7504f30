/**
 * Live meeting rooms: one room per occurrence of an online or hybrid meeting (and a check-in
 * code for in-person ones). The socket events (Socket.IO, path `/socket.io`) and their
 * payloads, shared by the server and the web client; `docs/realtime.md` lists each event
 * with its policy.
 *
 * Every client → server event takes an acknowledgement callback that receives `Ack<T>`:
 * `{ ok: true, data }` or `{ ok: false, error: { code, message, field? } }`. Nothing is
 * acknowledged before it is stored.
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';

/** The longest chat message, in characters. */
export const MESSAGE_MAX = 2_000;
/** A message can be edited by its author for this long after it was sent. */
export const EDIT_WINDOW_MS = 5 * 60_000;
/** Default: a room opens this long before the start, and closes this long after the end. */
export const ROOM_OPENS_BEFORE_MIN = 10;
export const ROOM_CLOSES_AFTER_MIN = 15;
/** At most this many messages come back on a resume; older ones are fetched by page. */
export const RESUME_MAX = 500;

/** A room is one occurrence: the meeting's slug and the occurrence's scheduled local date. */
export const RoomRef = z.strictObject({
  meetingSlug: z.string().min(1).max(200),
  occurrenceId: z.iso.date(),
});
export type RoomRef = z.infer<typeof RoomRef>;

/** A client's own id for a send, so a retry never stores a message twice. */
export const ClientId = z.string().min(8).max(64);

export const REACTIONS = ['thank_you', 'me_too', 'sending_strength'] as const;
export const Reaction = z.enum(REACTIONS);
export type Reaction = z.infer<typeof Reaction>;

export const ROOM_ROLES = ['member', 'facilitator'] as const;

/** Someone in the room: display name and role only (never an email). */
export const RoomPerson = z.object({
  userId: z.string(),
  displayName: z.string(),
  pronouns: z.string().nullable(),
  role: z.enum(ROOM_ROLES),
  muted: z.boolean(),
  handRaised: z.boolean(),
});
export type RoomPerson = z.infer<typeof RoomPerson>;

export const RoomMessage = z.object({
  id: z.string(),
  /** Position in the room, from 1; never reused. */
  seq: z.number().int(),
  /** The room's sequence number of this message's latest change (= seq until it changes). */
  rev: z.number().int(),
  clientId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  /** Empty when deleted or hidden (the reason says which). */
  body: z.string(),
  sentAt: Timestamp,
  editedAt: Timestamp.nullable(),
  deleted: z.boolean(),
  /** Hidden by a facilitator; the reason is shown in place of the text. */
  hidden: z.object({ reason: z.string() }).nullable(),
  reactions: z.record(Reaction, z.number().int()),
  /** The reactions the reader gave. */
  myReactions: z.array(Reaction),
});
export type RoomMessage = z.infer<typeof RoomMessage>;

/** The group's usual agenda, e.g. welcome, reading, check-in round, sharing, check-out, close. */
export const AgendaStep = z.object({
  key: z.string().max(40),
  title: z.string().max(120),
});
export type AgendaStep = z.infer<typeof AgendaStep>;

/**
 * The usual agenda of a group that has not written its own. The web shows its own
 * translation of a default step (by key) while the step keeps its default title.
 */
export const DEFAULT_AGENDA: readonly AgendaStep[] = [
  { key: 'welcome', title: 'Welcome and group agreement' },
  { key: 'reading', title: 'Reading' },
  { key: 'check_in', title: 'Check-in round' },
  { key: 'sharing', title: 'Open sharing' },
  { key: 'check_out', title: 'Check-out round' },
  { key: 'closing', title: 'Closing' },
];
/**
 * Whether a step is one of the default steps with its default title: the web then shows its
 * own translation (`roomAgenda.steps.<key>`) instead of the English title.
 */
export function isDefaultAgendaStep(step: AgendaStep): boolean {
  return DEFAULT_AGENDA.some((d) => d.key === step.key && d.title === step.title);
}
export const AGENDA_MAX_STEPS = 20;

/** A step as a facilitator writes it: a short key (letters, digits, _) and a title. */
export const AgendaStepInput = z.strictObject({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/, 'Use lowercase letters, digits and _ (at most 40)'),
  title: z.string().trim().min(1, 'Give the step a title').max(120, 'Use at most 120 characters'),
});

/** PUT /api/groups/:slug/agenda: the group's whole agenda, in order. */
export const UpdateAgendaBody = z.strictObject({
  steps: z
    .array(AgendaStepInput)
    .min(1, 'Keep at least one step')
    .max(AGENDA_MAX_STEPS, `Use at most ${AGENDA_MAX_STEPS} steps`)
    .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, {
      message: 'Each step needs its own key',
    }),
});
export type UpdateAgendaBody = z.infer<typeof UpdateAgendaBody>;

/** A group's agenda; `isDefault` when it is still the usual one. */
export const GroupAgenda = z.object({ steps: z.array(AgendaStep), isDefault: z.boolean() });
export type GroupAgenda = z.infer<typeof GroupAgenda>;

/** Where the meeting is: agenda, floor, hands, round, timer. Sent whole on every change. */
export const RoomFlow = z.object({
  agenda: z.array(AgendaStep),
  /** Index into `agenda`, or null before the meeting starts. */
  step: z.number().int().nullable(),
  /** Who has the floor. */
  floor: z.string().nullable(),
  /** Raised hands, in the order they were raised. */
  hands: z.array(z.string()),
  /** A round: everyone present in order; `done` holds who shared, skipped or passed. */
  round: z
    .object({
      order: z.array(z.string()),
      current: z.number().int(),
      done: z.record(z.string(), z.enum(['shared', 'passed', 'skipped'])),
    })
    .nullable(),
  /** A share timer everyone sees: started at, for how long. */
  timer: z.object({ startedAt: Timestamp, seconds: z.number().int() }).nullable(),
});
export type RoomFlow = z.infer<typeof RoomFlow>;

export const ROOM_STATES = ['scheduled', 'open', 'closed', 'ended', 'cancelled'] as const;

/** Everything a person sees on entering (or re-entering) a room. */
export const RoomSnapshot = z.object({
  roomId: z.string(),
  meetingSlug: z.string(),
  meetingName: z.string(),
  groupName: z.string(),
  occurrenceId: z.string(),
  start: Timestamp,
  end: Timestamp,
  opensAt: Timestamp,
  closesAt: Timestamp,
  state: z.enum(ROOM_STATES),
  /** The reader's role in this room. */
  role: z.enum(ROOM_ROLES),
  topic: z.string().nullable(),
  literature: z.string().nullable(),
  /** The video link when the meeting also runs on video (the meeting policy decides). */
  conferenceUrl: z.string().nullable(),
  /** Group agreement and crisis resources. */
  pinnedNote: z.string(),
  people: z.array(RoomPerson),
  flow: RoomFlow,
  /** The last messages (up to RESUME_MAX) or, on a resume, those after `lastSeq`. */
  messages: z.array(RoomMessage),
  /** The room's latest sequence number. */
  lastSeq: z.number().int(),
  /** Facilitators only: who present has not shared yet. */
  notSharedYet: z.array(z.string()).nullable(),
  /** Whether the reader is muted (and why). */
  muted: z.boolean(),
});
export type RoomSnapshot = z.infer<typeof RoomSnapshot>;

// ── client → server events (payloads) ──────────────────────────────────────────────────

export const JoinRoom = RoomRef.extend({
  /** On a reconnect, the last sequence number the client saw: it receives what came after. */
  lastSeq: z.number().int().min(0).optional(),
});
export const LeaveRoom = z.strictObject({ roomId: z.string().max(64) });
export const SendMessage = z.strictObject({
  roomId: z.string().max(64),
  clientId: ClientId,
  body: z
    .string()
    .trim()
    .min(1, 'Write something first')
    .max(MESSAGE_MAX, `Use at most ${MESSAGE_MAX} characters`),
});
export const EditMessage = z.strictObject({
  roomId: z.string().max(64),
  messageId: z.string().max(64),
  body: SendMessage.shape.body,
});
export const DeleteMessage = z.strictObject({
  roomId: z.string().max(64),
  messageId: z.string().max(64),
});
export const React = z.strictObject({
  roomId: z.string().max(64),
  messageId: z.string().max(64),
  reaction: Reaction,
  on: z.boolean(),
});
export const HideMessage = z.strictObject({
  roomId: z.string().max(64),
  messageId: z.string().max(64),
  reason: z.string().trim().min(1, 'Say why').max(200),
});
export const UnhideMessage = DeleteMessage;
export const PersonAction = z.strictObject({
  roomId: z.string().max(64),
  userId: z.string().max(64),
});
export const MutePerson = PersonAction.extend({ reason: z.string().trim().max(200).optional() });
export const RoomOnly = LeaveRoom;
export const SetTimer = z.strictObject({
  roomId: z.string().max(64),
  seconds: z
    .number()
    .int()
    .min(30)
    .max(30 * 60),
});
export const RoundTurn = z.strictObject({
  roomId: z.string().max(64),
  /** The person whose turn it is says pass; a facilitator may skip someone. */
  outcome: z.enum(['shared', 'passed', 'skipped']),
});

/** Client → server event names and their payload schemas. */
export const clientEvents = {
  'room:join': JoinRoom,
  'room:leave': LeaveRoom,
  'chat:send': SendMessage,
  'chat:edit': EditMessage,
  'chat:delete': DeleteMessage,
  'chat:react': React,
  'hand:raise': RoomOnly,
  'hand:lower': RoomOnly,
  'floor:give': PersonAction,
  'floor:release': RoomOnly,
  'agenda:next': RoomOnly,
  'agenda:back': RoomOnly,
  'round:start': RoomOnly,
  'round:turn': RoundTurn,
  'round:stop': RoomOnly,
  'timer:start': SetTimer,
  'timer:stop': RoomOnly,
  'room:open-early': RoomOnly,
  'mod:hide': HideMessage,
  'mod:unhide': UnhideMessage,
  'mod:mute': MutePerson,
  'mod:unmute': PersonAction,
  'mod:remove': PersonAction,
  'room:end': RoomOnly,
} as const;
export type ClientEvent = keyof typeof clientEvents;

export const AckError = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type AckError = z.infer<typeof AckError>;
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

// ── server → client events ─────────────────────────────────────────────────────────────

/** A notice to one person, in plain words (muted, removed, a message hidden, room ended). */
export const RoomNotice = z.object({
  roomId: z.string(),
  kind: z.enum(['muted', 'unmuted', 'removed', 'message_hidden', 'message_unhidden', 'ended']),
  message: z.string(),
});

export const serverEvents = {
  /** A new message or a change to one (edit, delete, hide, reaction), in `rev` order. */
  'chat:message': RoomMessage,
  'room:people': z.object({ roomId: z.string(), people: z.array(RoomPerson) }),
  'room:flow': z.object({
    roomId: z.string(),
    flow: RoomFlow,
    notSharedYet: z.array(z.string()).nullable(),
  }),
  'room:state': z.object({ roomId: z.string(), state: z.enum(ROOM_STATES) }),
  'room:notice': RoomNotice,
  /** The person's unread notification count changed (the inbox is live). */
  'inbox:unread': z.object({ unread: z.number().int() }),
} as const;
export type ServerEvent = keyof typeof serverEvents;

/**
 * The codes an acknowledgement's error carries (beyond the HTTP ones, `validation_failed`,
 * `forbidden`, `not_found`, `conflict`, `unauthenticated`, `rate_limited`): what the web
 * switches on to word a refusal.
 */
export const ROOM_ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  /** The event name is not one of `clientEvents`. */
  'unknown_event',
  /** The person is not in that room (join it first). */
  'not_in_room',
  /** The person is muted in this room. */
  'muted',
  /** The safety screening refused the message (`message` says why). */
  'blocked',
  /** The safety screening held the message for a person to look at. */
  'held',
  /** The edit window (EDIT_WINDOW_MS) has passed. */
  'edit_window_passed',
  'internal',
] as const;
export type RoomErrorCode = (typeof ROOM_ERROR_CODES)[number];
