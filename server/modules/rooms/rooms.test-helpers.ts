import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { Ack } from '../../../contracts/rooms.ts';
import type { TestContext } from '../../test/harness.ts';
import type { SignedIn } from '../../test/users.ts';
import { meetingBody, type TestGroup } from '../meetings/meetings.test-helpers.ts';

/** Tuesday 3 March 2026, 19:00 in New York (00:00 UTC on the 4th). */
export const OCCURRENCE = '2026-03-03';
export const STARTS = '2026-03-04T00:00:00Z';
/** Five minutes before the start: the room is open. */
export const DURING = '2026-03-03T23:55:00Z';
export const LINK = 'https://meet.example.org/j/ROOMSECRET';

/** An online weekly meeting (Tuesdays 19:00 New York) in `group`, created by its facilitator. */
export async function createOnlineMeeting(
  facilitator: SignedIn,
  group: TestGroup,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const res = await facilitator.request({
    method: 'POST',
    url: `/api/groups/${group.slug}/meetings`,
    payload: meetingBody({
      name: `Online ${Math.random().toString(36).slice(2, 7)}`,
      locationName: null,
      address: null,
      latitude: null,
      longitude: null,
      conferenceUrl: LINK,
      ...overrides,
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { slug: string }).slug;
}

/** Listens on a free port (once per app) and answers the base URL. */
export async function listening(t: TestContext): Promise<string> {
  const address = t.app.server.address() as AddressInfo | null;
  if (address) return `http://127.0.0.1:${address.port}`;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/** A socket.io-client connection with `who`'s session cookie (websocket only). */
export async function connect(url: string, who: SignedIn | null): Promise<Socket> {
  const socket = connectClient(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: who ? { cookie: who.headers.cookie! } : {},
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

/** Emits an event with an acknowledgement and answers it. */
export function emit<T = unknown>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<Ack<T>> {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** The data of a successful ack (fails the test otherwise). */
export async function ok<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = await emit<T>(socket, event, payload);
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  return (ack as { ok: true; data: T }).data;
}

/** Resolves with the next `event` the socket receives that matches. */
export function next<T = unknown>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 3_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
