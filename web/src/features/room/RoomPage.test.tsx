import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RoomSnapshot } from '../../../../contracts/rooms.ts';
import { SocketProvider } from '../../lib/socket.ts';
import { renderRoutes, stubApi } from '../../test/app.tsx';
import { polyfillDialog } from '../../test/dialog.ts';
import { aUser } from '../../test/fixtures.ts';
import { aMessage, aSnapshot, FakeSocket } from './fake-socket.ts';
import RoomPage from './RoomPage.tsx';

const path = '/meetings/harbour-tuesday/occurrences/2026-01-06/room';

beforeAll(() => polyfillDialog());

function openRoom(snapshot: RoomSnapshot, userId: string) {
  stubApi({}, aUser({ id: userId, displayName: 'Someone' }));
  const socket = new FakeSocket({ 'room:join': () => ({ ok: true, data: snapshot }) });
  const routes = [
    {
      path: '/meetings/:slug/occurrences/:occurrenceId/room',
      element: (
        <SocketProvider socket={socket}>
          <RoomPage />
        </SocketProvider>
      ),
    },
    { path: '/meetings/:slug', element: <p>Meeting page</p> },
  ];
  return { socket, ...renderRoutes(routes, path) };
}

describe('the live room (fake socket)', () => {
  it('shows the meeting, who is here, where we are, and the pinned note with help', async () => {
    openRoom(aSnapshot(), 'u-member');
    await screen.findByRole('heading', { level: 1, name: 'Harbour — Tuesday check-in' });
    expect(screen.getByText('Open now')).toBeTruthy();
    expect(screen.getByText('Topic: Evenings')).toBeTruthy();
    expect(screen.getByText('What is said here stays here.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Get help now' })).toBeTruthy();
    const people = screen.getByRole('region', { name: 'Who is here' });
    expect(within(people).getByText('Facilitator')).toBeTruthy();
    expect(within(people).getByText('(she/her)')).toBeTruthy();
    const current = document.querySelector('[aria-current="step"]');
    expect(current?.textContent).toContain('Welcome and agreement');
    expect(screen.getByText('Next: Reading')).toBeTruthy();
    // A member sees no facilitator tools.
    expect(screen.queryByRole('region', { name: 'Facilitator tools' })).toBeNull();
  });

  it('raises a hand, sees the floor given, and sends a message', async () => {
    const { socket } = openRoom(aSnapshot(), 'u-member');
    fireEvent.click(await screen.findByRole('button', { name: 'Raise my hand' }));
    expect(socket.sent('hand:raise')).toEqual([{ roomId: 'room-1' }]);
    const snap = aSnapshot();
    socket.serverEmit('room:flow', {
      roomId: 'room-1',
      flow: { ...snap.flow, floor: 'u-member' },
      notSharedYet: null,
    });
    await screen.findByText('You have the floor.');

    const box = screen.getByLabelText('Your message');
    fireEvent.change(box, { target: { value: 'Thank you for having me' } });
    expect(screen.getByText('23 of 2,000 characters')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    const sent = socket.sent('chat:send');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ roomId: 'room-1', body: 'Thank you for having me' });
  });

  it('shows a hidden message’s reason in its place, and only safe links', async () => {
    const { socket } = openRoom(
      aSnapshot({
        messages: [
          aMessage({ seq: 1, body: 'See https://example.org/a. and javascript:alert(1) <b>x</b>' }),
        ],
        lastSeq: 1,
      }),
      'u-member',
    );
    const link = await screen.findByRole('link', { name: 'https://example.org/a' });
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(document.querySelector('.room-messages b')).toBeNull();
    expect(screen.getByText(/<b>x<\/b>/)).toBeTruthy();
    socket.serverEmit(
      'chat:message',
      aMessage({ seq: 1, rev: 2, body: '', hidden: { reason: 'It names another member' } }),
    );
    await screen.findByText('Hidden by a facilitator: It names another member');
  });

  it('lets a facilitator hide a message with a reason and give the floor', async () => {
    const snapshot = aSnapshot({
      role: 'facilitator',
      notSharedYet: ['u-member'],
      messages: [aMessage({ seq: 1 })],
      lastSeq: 1,
    });
    const { socket } = openRoom(snapshot, 'u-fac');
    const tools = await screen.findByRole('region', { name: 'Facilitator tools' });
    expect(within(tools).getByText('Tom B.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Hide/ }));
    fireEvent.change(screen.getByLabelText(/Why is it hidden/), {
      target: { value: 'It names another member' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Hide the message' }));
    expect(socket.sent('mod:hide')).toEqual([
      { roomId: 'room-1', messageId: 'm1', reason: 'It names another member' },
    ]);
    fireEvent.click(screen.getByRole('button', { name: /Give the floor/ }));
    expect(socket.sent('floor:give')).toEqual([{ roomId: 'room-1', userId: 'u-member' }]);
    fireEvent.click(screen.getByRole('button', { name: 'End the meeting' }));
    const dialog = await screen.findByRole('dialog', { name: 'End the meeting for everyone?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'End the meeting' }));
    expect(socket.sent('room:end')).toEqual([{ roomId: 'room-1' }]);
  });

  it('says when it is reconnecting, and leaves the room when removed', async () => {
    const { socket } = openRoom(aSnapshot(), 'u-member');
    await screen.findByRole('heading', { level: 1, name: 'Harbour — Tuesday check-in' });
    socket.drop();
    await screen.findByText(/Reconnecting…/);
    socket.reconnect();
    await waitFor(() => expect(screen.queryByText(/Reconnecting…/)).toBeNull());
    socket.serverEmit('room:notice', { roomId: 'room-1', kind: 'removed', message: 'Removed' });
    await screen.findByRole('heading', { level: 1, name: 'You have left the room' });
    expect(screen.queryByLabelText('Your message')).toBeNull();
  });
});
