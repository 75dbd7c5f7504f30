import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { NotificationList } from '../../../../contracts/notifications.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import InboxPage from './InboxPage.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import NotificationSettings from './NotificationSettings.tsx';
import { RemindMe } from './RemindMe.tsx';
import { applyUnreadPush } from './unread.ts';

const list: NotificationList = {
  items: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'meeting_reminder',
      title: 'Your meeting starts in 30 minutes',
      body: 'It starts Tuesday, 3 March, 7:00 PM EST.',
      link: '/meetings/tuesday-circle',
      createdAt: '2026-03-03T23:30:00.000Z',
      readAt: null,
    },
    {
      id: '00000000-0000-4000-8000-000000000002',
      kind: 'meeting_cancelled',
      title: 'A meeting you planned to attend is cancelled',
      body: '',
      link: '/meetings/tuesday-circle',
      createdAt: '2026-03-02T23:30:00.000Z',
      readAt: '2026-03-03T00:00:00.000Z',
    },
  ],
  unread: 1,
  nextBefore: null,
};

describe('the notification bell', () => {
  it('says how many are unread in its accessible name', async () => {
    stubApi({ 'GET /api/me/notifications/unread-count': () => json({ unread: 3 }) }, aUser());
    renderRoutes([{ path: '/', element: <NotificationBell /> }], '/');
    expect(await screen.findByRole('link', { name: 'Notifications, 3 unread' })).toBeTruthy();
  });

  it('says none are unread when none are', async () => {
    stubApi({ 'GET /api/me/notifications/unread-count': () => json({ unread: 0 }) }, aUser());
    renderRoutes([{ path: '/', element: <NotificationBell /> }], '/');
    await waitFor(() =>
      expect(screen.getByRole('link').getAttribute('aria-label')).toBe(
        'Notifications, none unread',
      ),
    );
  });
});

describe('the inbox', () => {
  it('lists notifications with links and marks one read', async () => {
    const calls = stubApi(
      {
        'GET /api/me/notifications': () => json(list),
        'POST /api/me/notifications/00000000-0000-4000-8000-000000000001/read': () =>
          json({ unread: 0 }),
      },
      aUser(),
    );
    renderRoutes([{ path: '/inbox', element: <InboxPage /> }], '/inbox');
    const link = await screen.findByRole('link', { name: /Your meeting starts in 30 minutes/ });
    expect(link.getAttribute('href')).toBe('/meetings/tuesday-circle');
    expect(screen.getByText('1 unread')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Mark as read: Your meeting starts/ }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/read'))).toBe(true),
    );
  });
});

describe('Remind me', () => {
  it('saves the chosen reminder times', async () => {
    const calls = stubApi(
      {
        'GET /api/me/reminders/tuesday-circle': () =>
          json({ meetingSlug: 'tuesday-circle', minutesBefore: [] }),
        'PUT /api/me/reminders/tuesday-circle': (c) =>
          json({ meetingSlug: 'tuesday-circle', ...(c.body as object) }),
      },
      aUser(),
    );
    renderRoutes([{ path: '/', element: <RemindMe meetingSlug="tuesday-circle" /> }], '/');
    fireEvent.click(await screen.findByLabelText('30 minutes before'));
    fireEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(await screen.findByText('Your reminders are saved.')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ minutesBefore: [30] });
  });

  it('shows nothing to someone who may not be reminded (404)', async () => {
    stubApi({}, aUser());
    const view = renderRoutes([{ path: '/', element: <RemindMe meetingSlug="closed" /> }], '/');
    await new Promise((r) => setTimeout(r, 50));
    expect(view.container.textContent).toBe('');
  });
});

describe('notification settings', () => {
  it('saves email choices and quiet hours', async () => {
    const prefs = {
      kinds: [
        { kind: 'meeting_reminder', inbox: true, email: true },
        { kind: 'meeting_cancelled', inbox: true, email: true },
        { kind: 'join_request_answered', inbox: true, email: false },
      ],
      quietHours: { enabled: false, start: '22:00', end: '07:00' },
      timezone: 'America/New_York',
    };
    const calls = stubApi(
      {
        'GET /api/me/notifications/preferences': () => json(prefs),
        'PUT /api/me/notifications/preferences': () => json(prefs),
      },
      aUser(),
    );
    renderRoutes([{ path: '/', element: <NotificationSettings /> }], '/');
    fireEvent.click(await screen.findByLabelText('Meeting reminders'));
    fireEvent.click(screen.getByLabelText('Hold emails during quiet hours'));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Your notification settings have been saved.')).toBeTruthy();
    const body = calls.find((c) => c.method === 'PUT')?.body as {
      kinds: { kind: string; email: boolean }[];
      quietHours: { enabled: boolean };
    };
    expect(body.kinds.find((k) => k.kind === 'meeting_reminder')?.email).toBe(false);
    expect(body.quietHours.enabled).toBe(true);
  });
});

describe('a live push of the unread count', () => {
  it('updates the bell at once', async () => {
    stubApi({ 'GET /api/me/notifications/unread-count': () => json({ unread: 0 }) }, aUser());
    const { queryClient } = renderRoutes([{ path: '/', element: <NotificationBell /> }], '/');
    await waitFor(() =>
      expect(screen.getByRole('link').getAttribute('aria-label')).toBe(
        'Notifications, none unread',
      ),
    );
    act(() => applyUnreadPush(queryClient, { unread: 2 }));
    expect(await screen.findByRole('link', { name: 'Notifications, 2 unread' })).toBeTruthy();
  });
});
