import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import es from '../../i18n/es.ts';
import i18n from '../../i18n/index.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import {
  aGroup,
  aGroupSummary,
  aMeeting,
  aMeetingPage,
  anOccurrence,
  aUser,
} from '../../test/fixtures.ts';
import type { ViewerMembership } from '../../../../contracts/groups.ts';
import MeetingPage from './MeetingPage.tsx';

const routes = [{ path: '/meetings/:slug', element: <MeetingPage /> }];

afterEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('en');
});

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

  it('words dates and times in the person’s language, in their zone and the meeting’s', async () => {
    stubApi(
      {
        'GET /api/meetings/tuesday-circle': () =>
          json(
            aMeetingPage({
              meeting: aMeeting({ timezone: 'Europe/Madrid' }),
              occurrences: [
                anOccurrence({
                  // The server's own wording (English) must not be what a Spanish reader sees.
                  viewerTime: 'Tue, Jan 6, 7:00 PM PST',
                  meetingTime: 'Wed, Jan 7, 4:00 AM CET',
                  moved: true,
                  originalStart: '2025-12-31T03:00:00.000Z',
                }),
              ],
            }),
          ),
      },
      aUser({ locale: 'es' }),
    );
    renderRoutes(routes, '/meetings/tuesday-circle');

    await screen.findByRole('heading', { level: 1, name: 'Tuesday circle' });
    await waitFor(() => expect(i18n.language).toBe('es'));
    const row = document.querySelector('.occurrence') as HTMLElement;
    const when = row.querySelector('time')!;
    expect(when.getAttribute('datetime')).toBe('2026-01-07T03:00:00.000Z');
    // 19:00 on Tuesday 6 January in Los Angeles, in Spanish words and a 24-hour clock.
    expect(when.textContent).toMatch(/^mar, 6 ene,? 19:00/);
    // The same instant where the meeting is held: 04:00 on Wednesday 7 January in Madrid.
    expect(row.textContent).toMatch(/mié, 7 ene,? 4:00/);
    // Moved from Tuesday 30 December 2025, 19:00 (Los Angeles).
    expect(row.textContent).toContain('martes, 30 de diciembre de 2025');
    expect(row.textContent).toContain(es.meetings.moved);
    expect(row.textContent).not.toMatch(/Jan|Dec|Tue|PM/);
  });

  describe('joining the closed group', () => {
    const closed = aGroupSummary({ slug: 'closed', name: 'Closed circle', isOpen: false });
    const page = () => json(aMeetingPage({ meeting: aMeeting({ group: closed }) }));
    const groupAs = (membership: ViewerMembership) => () =>
      json(
        aGroup({
          ...closed,
          viewer: { ...aGroup().viewer, signedIn: true, membership },
        }),
      );
    const side = async () => {
      await screen.findByRole('heading', { level: 1, name: 'Tuesday circle' });
      return screen.getByRole('complementary', { name: en.meetings.actions });
    };

    it('tells an approved member they are in, instead of "Ask to join the group"', async () => {
      stubApi(
        {
          'GET /api/meetings/tuesday-circle': page,
          'GET /api/groups/closed': groupAs({ status: 'active', role: 'member' }),
        },
        aUser(),
      );
      renderRoutes(routes, '/meetings/tuesday-circle');
      const aside = await side();
      expect(await within(aside).findByText(en.meetings.youAreMember)).toBeTruthy();
      expect(within(aside).queryByText(en.meetings.askToJoin)).toBeNull();
    });

    it('says a request is waiting, and offers asking only to those not in the group', async () => {
      stubApi(
        {
          'GET /api/meetings/tuesday-circle': page,
          'GET /api/groups/closed': groupAs({ status: 'requested', role: null }),
        },
        aUser(),
      );
      const first = renderRoutes(routes, '/meetings/tuesday-circle');
      expect(await within(await side()).findByText(en.meetings.requestWaiting)).toBeTruthy();
      expect(screen.queryByText(en.meetings.askToJoin)).toBeNull();
      first.unmount();

      stubApi(
        {
          'GET /api/meetings/tuesday-circle': page,
          'GET /api/groups/closed': groupAs({ status: 'none', role: null }),
        },
        aUser(),
      );
      renderRoutes(routes, '/meetings/tuesday-circle');
      const ask = await within(await side()).findByRole('link', { name: en.meetings.askToJoin });
      expect(ask.getAttribute('href')).toBe('/groups/closed#join');
    });

    it('asks a visitor who is not signed in to ask to join, without asking the server who they are', async () => {
      const calls = stubApi({ 'GET /api/meetings/tuesday-circle': page });
      renderRoutes(routes, '/meetings/tuesday-circle');
      expect(
        await within(await side()).findByRole('link', { name: en.meetings.askToJoin }),
      ).toBeTruthy();
      expect(calls.some((c) => c.path.startsWith('/api/groups/'))).toBe(false);
    });
  });
});
