import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import CalendarFeedSettings from './CalendarFeedSettings.tsx';

const url = 'https://example.test/api/calendar/secret-token.ics';

describe('CalendarFeedSettings', () => {
  it('makes the private address, shows it once, and keeps the page’s answer in step', async () => {
    const calls = stubApi(
      {
        'GET /api/calendar/feed': () => json({ active: false, createdAt: null }),
        'POST /api/calendar/feed': () =>
          json(
            {
              url,
              webcal: url.replace('https:', 'webcal:'),
              createdAt: '2026-01-06T10:00:00.000Z',
            },
            201,
          ),
      },
      aUser(),
    );
    renderRoutes(
      [{ path: '/settings/calendar', element: <CalendarFeedSettings /> }],
      '/settings/calendar',
    );

    expect(await screen.findByText(en.calendarFeed.none)).toBeTruthy();
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: en.calendarFeed.create })),
    );

    expect(await screen.findByText(en.calendarFeed.created)).toBeTruthy();
    const shown = screen.getByLabelText(en.calendarFeed.yourUrl) as HTMLInputElement;
    expect(shown.value).toBe(url);
    // Now that one exists the page offers a new one or turning it off, without asking again.
    expect(screen.getByRole('button', { name: en.calendarFeed.rotate })).toBeTruthy();
    expect(screen.getByRole('button', { name: en.calendarFeed.revoke })).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/calendar/feed' && c.method === 'GET')).toHaveLength(
      1,
    );
  });
});
