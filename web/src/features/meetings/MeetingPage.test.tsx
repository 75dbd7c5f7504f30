import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aGroupSummary, aMeeting, aMeetingPage, anOccurrence, aUser } from '../../test/fixtures.ts';
import MeetingPage from './MeetingPage.tsx';

const routes = [{ path: '/meetings/:slug', element: <MeetingPage /> }];

describe('MeetingPage', () => {
  it('shows when and where the meeting is, with the viewer’s zone asked for', async () => {
    const calls = stubApi({
      'GET /api/meetings/tuesday-circle': () =>
        json(
          aMeetingPage({
            occurrences: [
              anOccurrence(),
              anOccurrence({
                occurrenceId: '2026-01-13',
                start: '2026-01-14T03:00:00.000Z',
                cancelled: true,
              }),
            ],
          }),
        ),
    });
    renderRoutes(routes, '/meetings/tuesday-circle');

    expect(await screen.findByRole('heading', { level: 1, name: 'Tuesday circle' })).toBeTruthy();
    expect(screen.getByText('Community hall')).toBeTruthy();
    expect(screen.getByText('12 Oak Street, Springfield')).toBeTruthy();
    const rows = document.querySelectorAll('.occurrence');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).not.toContain(en.meetings.cancelled);
    expect(rows[1]!.textContent).toContain(en.meetings.cancelled);
    const asked = calls.find((c) => c.path.startsWith('/api/meetings/tuesday-circle'));
    expect(asked?.path).toContain('tz=America%2FLos_Angeles');
  });

  it('leaves out a closed group’s place and points to the group instead', async () => {
    stubApi({
      'GET /api/meetings/tuesday-circle': () =>
        json(
          aMeetingPage({
            meeting: aMeeting({
              group: aGroupSummary({ slug: 'closed', name: 'Closed circle', isOpen: false }),
              locationName: null,
              address: null,
              detailsHidden: true,
            }),
          }),
        ),
    });
    renderRoutes(routes, '/meetings/tuesday-circle');

    expect(await screen.findByText(en.meetings.hiddenText)).toBeTruthy();
    expect(screen.queryByText('12 Oak Street, Springfield')).toBeNull();
    expect(screen.queryByRole('link', { name: en.meetings.edit })).toBeNull();
  });

  it('lets staff cancel a date, then shows the page as the server now has it', async () => {
    let cancelled = false;
    const calls = stubApi(
      {
        'GET /api/meetings/tuesday-circle': () =>
          json(aMeetingPage({ canManage: true, occurrences: [anOccurrence({ cancelled })] })),
        'GET /api/meetings/tuesday-circle/change-requests': () => json({ changeRequests: [] }),
        'PUT /api/meetings/tuesday-circle/occurrences/2026-01-06': () => {
          cancelled = true;
          return json({ exception: null });
        },
      },
      aUser({ role: 'admin' }),
    );
    renderRoutes(routes, '/meetings/tuesday-circle');

    expect(await screen.findByRole('link', { name: en.meetings.edit })).toBeTruthy();
    expect(await screen.findByText(en.meetings.crNone)).toBeTruthy();
    const row = document.querySelector('.occurrence') as HTMLElement;
    fireEvent.click(await within(row).findByText(en.meetings.changeDate));
    await act(async () =>
      fireEvent.click(await within(row).findByRole('button', { name: en.meetings.cancelThis })),
    );

    await waitFor(() =>
      expect(document.querySelector('.occurrence')?.className).toContain('is-cancelled'),
    );
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ cancelled: true });
    const pageReads = calls.filter((c) => c.path.startsWith('/api/meetings/tuesday-circle?'));
    expect(pageReads).toHaveLength(2);
  });
});
