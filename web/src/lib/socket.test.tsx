import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { Ack, RoomMessage } from '../../../contracts/rooms.ts';
import { aMessage, aSnapshot, FakeSocket } from '../features/room/fake-socket.ts';
import {
  initialRoomState,
  orderedMessages,
  roomReducer,
  SocketProvider,
  useRoom,
  type RoomState,
} from './socket.ts';

const ref = { meetingSlug: 'harbour-tuesday', occurrenceId: '2026-01-06' };

describe('roomReducer', () => {
  const joined = (messages: RoomMessage[], lastSeq: number, state = initialRoomState) =>
    roomReducer(state, {
      type: 'joined',
      snapshot: aSnapshot({ messages, lastSeq }),
      resumed: state.snapshot !== null,
    });

  it('adds what a resume brings without duplicating what was already there', () => {
    let s = joined([aMessage({ seq: 1 }), aMessage({ seq: 2 })], 2);
    s = roomReducer(s, { type: 'message', message: aMessage({ seq: 3 }) });
    // The resume sends 3 again (it was in flight) and 4, which was missed.
    s = joined([aMessage({ seq: 3 }), aMessage({ seq: 4 })], 4, s);
    expect(orderedMessages(s).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(s.lastSeq).toBe(4);
  });

  it('keeps the newest revision of a message, whatever order they arrive in', () => {
    let s = joined([aMessage({ seq: 1 })], 1);
    s = roomReducer(s, {
      type: 'message',
      message: aMessage({ seq: 1, rev: 5, hidden: { reason: 'Names a person' }, body: '' }),
    });
    s = roomReducer(s, { type: 'message', message: aMessage({ seq: 1, rev: 3, body: 'edit' }) });
    expect(s.messages.m1!.hidden).toEqual({ reason: 'Names a person' });
    expect(s.lastSeq).toBe(5);
  });

  it('drops a pending send once its message comes back, by client id', () => {
    let s: RoomState = joined([], 0);
    s = roomReducer(s, { type: 'send', clientId: 'abc12345', body: 'hi' });
    expect(s.pending).toHaveLength(1);
    s = roomReducer(s, { type: 'message', message: aMessage({ seq: 1, clientId: 'abc12345' }) });
    expect(s.pending).toEqual([]);
  });

  it('stops at removed and marks itself muted from a notice', () => {
    let s = joined([], 0);
    s = roomReducer(s, { type: 'notice', kind: 'muted', message: 'Muted' });
    expect(s.snapshot!.muted).toBe(true);
    s = roomReducer(s, { type: 'notice', kind: 'removed', message: 'Removed' });
    expect(s.removed).toBe(true);
  });
});

describe('useRoom', () => {
  const wrapperFor =
    (socket: FakeSocket) =>
    ({ children }: { children: ReactNode }) => (
      <SocketProvider socket={socket}>{children}</SocketProvider>
    );

  it('joins, then after a reconnect joins again with the last sequence it saw', async () => {
    const socket = new FakeSocket({
      'room:join': () => ({ ok: true, data: aSnapshot({ messages: [aMessage()], lastSeq: 1 }) }),
    });
    const { result } = renderHook(() => useRoom(ref), { wrapper: wrapperFor(socket) });
    await waitFor(() => expect(result.current.state.snapshot?.roomId).toBe('room-1'));
    expect(socket.sent('room:join')).toEqual([ref]);

    socket.serverEmit('chat:message', aMessage({ seq: 2 }));
    socket.drop();
    expect(result.current.status).toBe('reconnecting');
    socket.handlers['room:join'] = () => ({
      ok: true,
      data: aSnapshot({ messages: [aMessage({ seq: 3 })], lastSeq: 3 }),
    });
    socket.reconnect();
    await waitFor(() => expect(result.current.state.lastSeq).toBe(3));
    expect(socket.sent('room:join')[1]).toEqual({ ...ref, lastSeq: 2 });
    expect(orderedMessages(result.current.state).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('sends a message again with the same client id after the connection comes back', async () => {
    const socket = new FakeSocket({
      'room:join': () => ({ ok: true, data: aSnapshot() }),
      // The first send is lost with the connection: no acknowledgement.
      'chat:send': () => undefined,
    });
    const { result } = renderHook(() => useRoom(ref), { wrapper: wrapperFor(socket) });
    await waitFor(() => expect(result.current.state.snapshot).not.toBeNull());
    act(() => result.current.send('Thank you all'));
    expect(result.current.state.pending).toHaveLength(1);
    socket.drop();
    socket.handlers['chat:send'] = (p): Ack<RoomMessage> => ({
      ok: true,
      data: aMessage({ seq: 1, clientId: String(p.clientId), body: String(p.body) }),
    });
    socket.reconnect();
    await waitFor(() => expect(result.current.state.pending).toEqual([]));
    const sends = socket.sent('chat:send');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.clientId).toBe(sends[0]!.clientId);
    expect(orderedMessages(result.current.state).map((m) => m.body)).toEqual(['Thank you all']);
  });

  it('marks a refused send as failed with the reason, and does not retry it', async () => {
    const socket = new FakeSocket({
      'room:join': () => ({ ok: true, data: aSnapshot() }),
      'chat:send': () => ({
        ok: false,
        error: { code: 'muted', message: 'You are muted for the rest of this meeting' },
      }),
    });
    const { result } = renderHook(() => useRoom(ref), { wrapper: wrapperFor(socket) });
    await waitFor(() => expect(result.current.state.snapshot).not.toBeNull());
    act(() => result.current.send('hello'));
    await waitFor(() => expect(result.current.state.pending[0]?.state).toBe('failed'));
    expect(socket.sent('chat:send')).toHaveLength(1);
  });

  it('says why it could not join', async () => {
    const socket = new FakeSocket({
      'room:join': () => ({ ok: false, error: { code: 'not_found', message: 'Not found' } }),
    });
    const { result } = renderHook(() => useRoom(ref), { wrapper: wrapperFor(socket) });
    await waitFor(() => expect(result.current.state.joinError?.code).toBe('not_found'));
  });
});

describe('reactions', () => {
  it('keeps the reader’s own reactions when a broadcast (which carries none) arrives', () => {
    let s = roomReducer(initialRoomState, {
      type: 'joined',
      snapshot: aSnapshot({ messages: [aMessage({ seq: 1 })], lastSeq: 1 }),
      resumed: false,
    });
    const reacted = aMessage({
      seq: 1,
      rev: 2,
      reactions: { thank_you: 1, me_too: 0, sending_strength: 0 },
      myReactions: ['thank_you'],
    });
    s = roomReducer(s, { type: 'message', message: { ...reacted, myReactions: [] } });
    s = roomReducer(s, { type: 'message', message: reacted, mine: true });
    expect(s.messages.m1!.myReactions).toEqual(['thank_you']);
    s = roomReducer(s, {
      type: 'message',
      message: {
        ...reacted,
        rev: 3,
        reactions: { ...reacted.reactions, me_too: 1 },
        myReactions: [],
      },
    });
    expect(s.messages.m1!.myReactions).toEqual(['thank_you']);
    expect(s.messages.m1!.reactions.me_too).toBe(1);
  });
});
