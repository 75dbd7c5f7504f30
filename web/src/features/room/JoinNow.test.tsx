import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderRoutes, stubApi } from '../../test/app.tsx';
import { JoinNow } from './JoinNow.tsx';

const occurrence = (startsInMin: number, cancelled = false) => {
  const start = new Date(Date.now() + startsInMin * 60_000);
  return {
    occurrenceId: '2026-01-06',
    start: start.toISOString(),
    end: new Date(start.getTime() + 60 * 60_000).toISOString(),
    cancelled,
  };
};

function show(o: ReturnType<typeof occurrence>, attendance = 'online') {
  stubApi({});
  renderRoutes(
    [
      {
        path: '/',
        element: (
          <JoinNow
            meetingSlug="harbour-tuesday"
            meetingName="Harbour Tuesday"
            occurrence={o}
            attendance={attendance}
          />
        ),
      },
    ],
    '/',
  );
}

describe('Join now', () => {
  it('links to the room while it is open', async () => {
    show(occurrence(5));
    const link = await screen.findByRole('link', { name: /Join now/ });
    expect(link.textContent).toBe('Join now (Harbour Tuesday)');
    expect(link.getAttribute('href')).toBe('/meetings/harbour-tuesday/occurrences/2026-01-06/room');
  });

  it('is not there before the room opens, when cancelled, or for an in-person meeting', async () => {
    show(occurrence(30));
    show(occurrence(0, true));
    show(occurrence(0), 'in_person');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('link', { name: /Join now/ })).toBeNull();
  });
});
