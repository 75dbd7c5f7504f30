/**
 * The app's one live connection (Socket.IO, path `/socket.io`, contracts/rooms.ts) and the
 * hooks that use it: `useSocket()` for anything live (a room, the inbox's unread count) and
 * `useRoom(ref)` for a meeting room. The client library loads on first use, so pages without
 * anything live never download it.
 */
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type {
  Ack,
  AckError,
  ClientEvent,
  RoomFlow,
  RoomMessage,
  RoomPerson,
  RoomRef,
  RoomSnapshot,
} from '../../../contracts/rooms.ts';
import { getCsrfToken } from './api.ts';

/** The part of a Socket.IO client socket the app uses (a test passes a fake). */
export interface SocketLike {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

export type SocketStatus = 'connecting' | 'connected' | 'reconnecting';

/** How long an event waits for its acknowledgement before it counts as not delivered. */
export const ACK_TIMEOUT_MS = 8_000;

// ── the shared connection ──────────────────────────────────────────────────────────────

let shared: Promise<SocketLike> | null = null;
let users = 0;
let closeTimer: ReturnType<typeof setTimeout> | null = null;

async function openShared(): Promise<SocketLike> {
  const { io } = await import('socket.io-client');
  const socket = io({
    path: '/socket.io',
    withCredentials: true,
    // The session cookie says who it is; the CSRF token proves the page is ours.
    auth: (cb: (data: object) => void) => cb({ csrf: getCsrfToken() }),
    // Websocket first; long-polling remains the fallback the library picks by itself.
    transports: ['websocket', 'polling'],
  });
  // Its listener types are wider than SocketLike's; the events are typed by contracts/rooms.ts.
  return socket as unknown as SocketLike;
}

function acquire(): Promise<SocketLike> {
  users += 1;
  if (closeTimer) {
    clearTimeout(closeTimer);
    closeTimer = null;
  }
  shared ??= openShared();
  return shared;
}

function release() {
  users -= 1;
  if (users > 0 || !shared) return;
  // A page change unmounts one user and mounts the next: wait a moment before closing.
  const closing = shared;
  closeTimer = setTimeout(() => {
    if (users > 0 || shared !== closing) return;
    shared = null;
    void closing.then((s) => (s as SocketLike & { disconnect?: () => void }).disconnect?.());
  }, 2_000);
}

/**
 * Closes the shared connection, for a change of person (sign-out, sign-in as someone
 * else): hooks still mounted keep their old socket until they remount, so call it where the
 * session changes and remount live parts by the user's id (e.g. `key={user.id}`).
 */
export function resetSocket(): void {
  const closing = shared;
  shared = null;
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  void closing?.then((s) => (s as SocketLike & { disconnect?: () => void }).disconnect?.());
}

/** A test (or a story) hands its own socket to everything below this provider. */
const SocketContext = createContext<SocketLike | null>(null);

export function SocketProvider({ socket, children }: { socket: SocketLike; children: ReactNode }) {
  return createElement(SocketContext.Provider, { value: socket }, children);
}

/**
 * The shared live connection and its status. `socket` is null while the client library
 * loads. "reconnecting" once it was connected and lost the connection.
 */
export function useSocket(): { socket: SocketLike | null; status: SocketStatus } {
  const given = useContext(SocketContext);
  const [opened, setOpened] = useState<SocketLike | null>(null);
  useEffect(() => {
    if (given) return;
    let live = true;
    void acquire().then((s) => {
      if (live) setOpened(s);
    });
    return () => {
      live = false;
      release();
    };
  }, [given]);
  const socket = given ?? opened;
  const status = useSocketStatus(socket);
  return { socket, status };
}

function useSocketStatus(socket: SocketLike | null): SocketStatus {
  const wasConnected = useRef(false);
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!socket) return () => {};
      socket.on('connect', notify);
      socket.on('disconnect', notify);
      socket.on('connect_error', notify);
      return () => {
        socket.off('connect', notify);
        socket.off('disconnect', notify);
        socket.off('connect_error', notify);
      };
    },
    [socket],
  );
  const connected = useSyncExternalStore(
    subscribe,
    () => socket?.connected ?? false,
    () => false,
  );
  if (connected) wasConnected.current = true;
  return connected ? 'connected' : wasConnected.current ? 'reconnecting' : 'connecting';
}

/** Emits `event` and waits for its acknowledgement; a timeout answers `{ code: 'timeout' }`. */
export function request<T>(
  socket: SocketLike,
  event: ClientEvent,
  payload: unknown,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, error: { code: 'timeout', message: 'No answer' } }),
      timeoutMs,
    );
    socket.emit(event, payload, (ack: Ack<T>) => {
      clearTimeout(timer);
      resolve(
        ack && typeof ack === 'object' && 'ok' in ack
          ? ack
          : { ok: false, error: { code: 'bad_answer', message: 'Unexpected answer' } },
      );
    });
  });
}

// ── a room ─────────────────────────────────────────────────────────────────────────────

/** A message the person sent that the server has not acknowledged yet (or refused). */
export interface PendingSend {
  clientId: string;
  body: string;
  /** `failed`: refused with a reason (muted, too long); it is not retried. */
  state: 'sending' | 'failed';
  error: AckError | null;
}

export type RoomNoticeKind =
  'muted' | 'unmuted' | 'removed' | 'message_hidden' | 'message_unhidden' | 'ended';

export interface RoomNoticeItem {
  id: number;
  kind: RoomNoticeKind;
  message: string;
}

export interface RoomState {
  /** The last snapshot (its messages are kept in `messages`). */
  snapshot: Omit<RoomSnapshot, 'messages'> | null;
  /** Messages by id; ordered by `seq` with `orderedMessages`. */
  messages: Record<string, RoomMessage>;
  /** The highest sequence number seen: sent back on a resume. */
  lastSeq: number;
  pending: PendingSend[];
  notices: RoomNoticeItem[];
  joinError: AckError | null;
  /** Removed from the room by a facilitator: no more joining. */
  removed: boolean;
}

export type RoomAction =
  | { type: 'joined'; snapshot: RoomSnapshot; resumed: boolean }
  | { type: 'join-failed'; error: AckError }
  /** `mine`: the answer to the reader's own event, whose `myReactions` are theirs. */
  | { type: 'message'; message: RoomMessage; mine?: boolean }
  | { type: 'people'; people: RoomPerson[] }
  | { type: 'flow'; flow: RoomFlow; notSharedYet: string[] | null }
  | { type: 'state'; state: RoomSnapshot['state'] }
  | { type: 'notice'; kind: RoomNoticeKind; message: string }
  | { type: 'send'; clientId: string; body: string }
  | { type: 'send-failed'; clientId: string; error: AckError }
  | { type: 'dismiss-failed'; clientId: string };

export const initialRoomState: RoomState = {
  snapshot: null,
  messages: {},
  lastSeq: 0,
  pending: [],
  notices: [],
  joinError: null,
  removed: false,
};

let noticeIds = 0;

/**
 * Keeps a message unless a newer revision of it is already there. A broadcast carries no
 * reader's reactions (`myReactions` is empty): the reader's own stay as they were, and the
 * answer to their own reaction (`mine`) sets them.
 */
function putMessage(state: RoomState, m: RoomMessage, mine = true): RoomState {
  const had = state.messages[m.id];
  let messages = state.messages;
  if (!had || had.rev < m.rev) {
    messages = { ...messages, [m.id]: mine || !had ? m : { ...m, myReactions: had.myReactions } };
  } else if (mine && had.rev === m.rev) {
    messages = { ...messages, [m.id]: { ...had, myReactions: m.myReactions } };
  }
  return {
    ...state,
    messages,
    lastSeq: Math.max(state.lastSeq, m.rev, m.seq),
    // Its own message came back (acknowledged or broadcast first): no longer pending.
    pending: state.pending.some((p) => p.clientId === m.clientId)
      ? state.pending.filter((p) => p.clientId !== m.clientId)
      : state.pending,
  };
}

/** The room's state: pure, so resume and duplicates are tested without a socket. */
export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'joined': {
      const { messages, ...snapshot } = action.snapshot;
      let next: RoomState = {
        ...state,
        snapshot,
        joinError: null,
        // A first join starts from the snapshot; a resume adds what was missed.
        messages: action.resumed ? state.messages : {},
        lastSeq: action.resumed ? state.lastSeq : 0,
      };
      for (const m of messages) next = putMessage(next, m);
      return { ...next, lastSeq: Math.max(next.lastSeq, snapshot.lastSeq) };
    }
    case 'join-failed':
      return { ...state, joinError: action.error };
    case 'message':
      return putMessage(state, action.message, action.mine ?? false);
    case 'people':
      return state.snapshot
        ? { ...state, snapshot: { ...state.snapshot, people: action.people } }
        : state;
    case 'flow':
      return state.snapshot
        ? {
            ...state,
            snapshot: { ...state.snapshot, flow: action.flow, notSharedYet: action.notSharedYet },
          }
        : state;
    case 'state':
      return state.snapshot
        ? { ...state, snapshot: { ...state.snapshot, state: action.state } }
        : state;
    case 'notice': {
      const notices = [
        ...state.notices,
        { id: ++noticeIds, kind: action.kind, message: action.message },
      ].slice(-5);
      const snapshot =
        state.snapshot && (action.kind === 'muted' || action.kind === 'unmuted')
          ? { ...state.snapshot, muted: action.kind === 'muted' }
          : state.snapshot && action.kind === 'ended'
            ? { ...state.snapshot, state: 'ended' as const }
            : state.snapshot;
      return { ...state, notices, snapshot, removed: state.removed || action.kind === 'removed' };
    }
    case 'send':
      return {
        ...state,
        pending: [
          ...state.pending,
          { clientId: action.clientId, body: action.body, state: 'sending', error: null },
        ],
      };
    case 'send-failed':
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.clientId === action.clientId ? { ...p, state: 'failed', error: action.error } : p,
        ),
      };
    case 'dismiss-failed':
      return { ...state, pending: state.pending.filter((p) => p.clientId !== action.clientId) };
  }
}

/** The room's messages in the order they were sent. */
export const orderedMessages = (state: RoomState): RoomMessage[] =>
  Object.values(state.messages).sort((a, b) => a.seq - b.seq);

const newClientId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

const isRoomMessage = (v: unknown): v is RoomMessage =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as RoomMessage).id === 'string' &&
  typeof (v as RoomMessage).rev === 'number';

/** Error codes a retry cannot fix: the send is marked failed instead. */
const isFinal = (e: AckError) => e.code !== 'timeout' && e.code !== 'not_in_room';

export interface Room {
  state: RoomState;
  status: SocketStatus;
  /** Sends a message; retried with the same client id until the server acknowledges it. */
  send(body: string): void;
  /** Any other client event for this room (`roomId` is added). */
  act<T = unknown>(event: ClientEvent, payload?: Record<string, unknown>): Promise<Ack<T>>;
  dismissFailed(clientId: string): void;
}

/**
 * Joins a room and keeps it current: the snapshot, then every change; after a reconnect it
 * joins again with the last sequence number seen and adds exactly what was missed.
 */
export function useRoom(ref: RoomRef): Room {
  const { socket, status } = useSocket();
  const [state, dispatch] = useReducer(roomReducer, initialRoomState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const roomId = state.snapshot?.roomId ?? null;
  const roomIdRef = useRef<string | null>(null);
  roomIdRef.current = roomId;
  // The latest attempt of each send waiting for its acknowledgement, by client id: an
  // attempt overtaken by a resend after a reconnect is ignored unless it succeeded.
  const attempts = useRef(new Map<string, number>());
  const attemptCount = useRef(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const attemptSend = useCallback(
    function attempt(clientId: string, body: string, again = false) {
      if (!socket || (!again && attempts.current.has(clientId))) return;
      const id = roomIdRef.current;
      if (!id || !socket.connected) return; // sent again after the next join
      const token = ++attemptCount.current;
      attempts.current.set(clientId, token);
      void request<RoomMessage>(socket, 'chat:send', { roomId: id, clientId, body }).then((ack) => {
        if (!alive.current) return;
        if (ack.ok) {
          attempts.current.delete(clientId);
          dispatch({ type: 'message', message: ack.data });
          return;
        }
        if (attempts.current.get(clientId) !== token) return;
        attempts.current.delete(clientId);
        if (isFinal(ack.error)) dispatch({ type: 'send-failed', clientId, error: ack.error });
        else if (socket.connected) setTimeout(() => attempt(clientId, body), 1_000);
      });
    },
    [socket],
  );

  // Join on every (re)connection, with the last sequence number once there is one.
  const { meetingSlug, occurrenceId } = ref;
  useEffect(() => {
    if (!socket) return;
    let cancelled = false;
    const join = () => {
      if (stateRef.current.removed) return;
      const resumed = stateRef.current.snapshot !== null && stateRef.current.lastSeq > 0;
      const payload = resumed
        ? { meetingSlug, occurrenceId, lastSeq: stateRef.current.lastSeq }
        : { meetingSlug, occurrenceId };
      void request<RoomSnapshot>(socket, 'room:join', payload).then((ack) => {
        if (cancelled) return;
        if (!ack.ok) {
          dispatch({ type: 'join-failed', error: ack.error });
          return;
        }
        roomIdRef.current = ack.data.roomId;
        dispatch({ type: 'joined', snapshot: ack.data, resumed });
        for (const p of stateRef.current.pending)
          if (p.state === 'sending') attemptSend(p.clientId, p.body, true);
      });
    };
    const onMessage = (m: RoomMessage) => dispatch({ type: 'message', message: m });
    const mine = (e: { roomId: string }) => e.roomId === roomIdRef.current;
    const onPeople = (e: { roomId: string; people: RoomPerson[] }) => {
      if (mine(e)) dispatch({ type: 'people', people: e.people });
    };
    const onFlow = (e: { roomId: string; flow: RoomFlow; notSharedYet: string[] | null }) => {
      if (mine(e)) dispatch({ type: 'flow', flow: e.flow, notSharedYet: e.notSharedYet });
    };
    const onState = (e: { roomId: string; state: RoomSnapshot['state'] }) => {
      if (mine(e)) dispatch({ type: 'state', state: e.state });
    };
    const onNotice = (e: { roomId: string; kind: RoomNoticeKind; message: string }) => {
      if (mine(e)) dispatch({ type: 'notice', kind: e.kind, message: e.message });
    };
    socket.on('connect', join);
    socket.on('chat:message', onMessage);
    socket.on('room:people', onPeople);
    socket.on('room:flow', onFlow);
    socket.on('room:state', onState);
    socket.on('room:notice', onNotice);
    if (socket.connected) join();
    return () => {
      cancelled = true;
      socket.off('connect', join);
      socket.off('chat:message', onMessage);
      socket.off('room:people', onPeople);
      socket.off('room:flow', onFlow);
      socket.off('room:state', onState);
      socket.off('room:notice', onNotice);
      const id = roomIdRef.current;
      if (id && socket.connected) socket.emit('room:leave', { roomId: id }, () => {});
    };
  }, [socket, meetingSlug, occurrenceId, attemptSend]);

  const send = useCallback(
    (body: string) => {
      const clientId = newClientId();
      dispatch({ type: 'send', clientId, body });
      attemptSend(clientId, body);
    },
    [attemptSend],
  );

  const act = useCallback(
    <T>(event: ClientEvent, payload: Record<string, unknown> = {}): Promise<Ack<T>> => {
      const id = roomIdRef.current;
      if (!socket || !id)
        return Promise.resolve({
          ok: false,
          error: { code: 'not_connected', message: 'Not connected' },
        });
      return request<T>(socket, event, { roomId: id, ...payload }).then((ack) => {
        // Chat events answer the changed message: shown at once, with the reader's reactions.
        if (ack.ok && event.startsWith('chat:') && isRoomMessage(ack.data))
          dispatch({ type: 'message', message: ack.data, mine: true });
        return ack;
      });
    },
    [socket],
  );

  const dismissFailed = useCallback(
    (clientId: string) => dispatch({ type: 'dismiss-failed', clientId }),
    [],
  );

  return { state, status, send, act, dismissFailed };
}
