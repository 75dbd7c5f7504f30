/**
 * A stand-in for the Socket.IO client in component tests: answers client events with
 * handlers the test gives (an `Ack`), records what was emitted, and lets the test play the
 * server (`serverEmit`) and the network (`drop`, `reconnect`).
 */
import { act } from '@testing-library/react';
import type { Ack, RoomMessage, RoomSnapshot } from '../../../../contracts/rooms.ts';
import type { SocketLike } from '../../lib/socket.ts';

type Listener = (...args: never[]) => void;
type Handler = (payload: Record<string, unknown>) => Ack<unknown> | undefined;

export class FakeSocket implements SocketLike {
  connected = true;
  readonly emitted: { event: string; payload: Record<string, unknown> }[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(public handlers: Record<string, Handler> = {}) {}

  on(event: string, listener: Listener) {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, ...args: unknown[]) {
    const [payload, ack] = args as [Record<string, unknown>, ((a: Ack<unknown>) => void)?];
    this.emitted.push({ event, payload });
    const handler = this.handlers[event] ?? (() => ({ ok: true, data: null }) as Ack<unknown>);
    const answer = this.connected ? handler(payload) : undefined;
    // No answer (undefined): the ack never comes, as when the connection drops mid-send.
    if (answer && ack) queueMicrotask(() => ack(answer));
    return this;
  }

  /** What the server sends, delivered inside act() so React renders it. */
  serverEmit(event: string, data: unknown) {
    act(() => {
      for (const l of this.listeners.get(event) ?? []) (l as (d: unknown) => void)(data);
    });
  }

  drop() {
    this.connected = false;
    this.serverEmit('disconnect', 'transport close');
  }

  reconnect() {
    this.connected = true;
    this.serverEmit('connect', undefined);
  }

  sent(event: string) {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }
}

export function aMessage(over: Partial<RoomMessage> = {}): RoomMessage {
  const seq = over.seq ?? 1;
  return {
    id: `m${seq}`,
    seq,
    rev: seq,
    clientId: `client-${seq}-xxxxxxxx`,
    authorId: 'u-member',
    authorName: 'Tom B.',
    body: 'Hello everyone',
    sentAt: new Date().toISOString(),
    editedAt: null,
    deleted: false,
    hidden: null,
    reactions: { thank_you: 0, me_too: 0, sending_strength: 0 },
    myReactions: [],
    ...over,
  };
}

export function aSnapshot(over: Partial<RoomSnapshot> = {}): RoomSnapshot {
  const start = new Date(Date.now() - 5 * 60_000);
  const end = new Date(start.getTime() + 60 * 60_000);
  return {
    roomId: 'room-1',
    meetingSlug: 'harbour-tuesday',
    meetingName: 'Harbour — Tuesday check-in',
    groupName: 'Harbour',
    occurrenceId: '2026-01-06',
    start: start.toISOString(),
    end: end.toISOString(),
    opensAt: new Date(start.getTime() - 10 * 60_000).toISOString(),
    closesAt: new Date(end.getTime() + 15 * 60_000).toISOString(),
    state: 'open',
    role: 'member',
    topic: 'Evenings',
    literature: null,
    conferenceUrl: 'https://meet.example.org/harbour',
    pinnedNote: 'What is said here stays here.',
    people: [
      {
        userId: 'u-fac',
        displayName: 'Maya R.',
        pronouns: 'she/her',
        role: 'facilitator',
        muted: false,
        handRaised: false,
      },
      {
        userId: 'u-member',
        displayName: 'Tom B.',
        pronouns: null,
        role: 'member',
        muted: false,
        handRaised: false,
      },
    ],
    flow: {
      agenda: [
        { key: 'welcome', title: 'Welcome and agreement' },
        { key: 'reading', title: 'Reading' },
        { key: 'round', title: 'Check-in round' },
      ],
      step: 0,
      floor: null,
      hands: [],
      round: null,
      timer: null,
    },
    messages: [],
    lastSeq: 0,
    notSharedYet: null,
    muted: false,
    ...over,
  };
}
