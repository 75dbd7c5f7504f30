import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MemberHome as MemberHomeData } from '../../../../contracts/home.ts';
import en from '../../i18n/en.ts';
import es from '../../i18n/es.ts';
import i18n from '../../i18n/index.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import MemberHome from './MemberHome.tsx';

const routes = [{ path: '/home', element: <MemberHome /> }];

afterEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('en');
});

function aHome(over: Partial<MemberHomeData> = {}): MemberHomeData {
  return {
    viewerTimezone: 'America/Los_Angeles',
    groups: [
      {
        slug: 'lantern',
        name: 'Lantern Circle',
        isOpen: false,
        role: 'member',
        waitingRequests: null,
      },
      {
        slug: 'harbour',
        name: 'Harbour Group',
        isOpen: true,
        role: 'facilitator',
        waitingRequests: 2,
      },
    ],
    meetings: [
      {
        meetingSlug: 'lantern-tuesday',
        meetingName: 'Lantern Tuesday',
        group: { slug: 'lantern', name: 'Lantern Circle' },
        occurrenceId: '2026-01-06',
        // 19:00 on Tuesday 6 January in Los Angeles.
        start: '2026-01-07T03:00:00.000Z',
        end: '2026-01-07T04:00:00.000Z',
        cancelled: false,
        moved: false,
        attendance: 'online',
        timezone: 'America/New_York',
        conferenceUrl: 'https://meet.example.org/j/lantern',
        locationName: null,
      },
      {
        meetingSlug: 'harbour-thursday',
        meetingName: 'Harbour Thursday',
        group: { slug: 'harbour', name: 'Harbour Group' },
        occurrenceId: '2026-01-08',
        start: '2026-01-08T17:00:00.000Z',
        end: '2026-01-08T18:00:00.000Z',
        cancelled: true,
        moved: false,
        attendance: 'online',
        timezone: 'America/Los_Angeles',
        conferenceUrl: 'https://meet.example.org/j/harbour',
        locationName: null,
      },
    ],
    requests: [
      {
        group: { slug: 'quiet', name: 'Quiet Room' },
        state: 'declined',
        requestedAt: '2025-12-20T10:00:00.000Z',
        answeredAt: '2025-12-30T10:00:00.000Z',
        hasMessage: false,
      },
    ],
    suggestions: [],
    attendanceThisWeek: 0,
    pendingSurveys: [],
    ...over,
  };
}

describe('MemberHome', () => {
  it('shows the next meetings with a join link, my groups and role, and waiting requests', async () => {
    const calls = stubApi({ 'GET /api/me/home': () => json(aHome()) }, aUser());
    renderRoutes(routes, '/home');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Welcome back, Sam' }),
    ).toBeTruthy();
    const meetings = await screen.findByRole('region', { name: en.memberHome.meetingsTitle });
    const rows = meetings.querySelectorAll('.occurrence');
    expect(rows).toHaveLength(2);
    const join = within(rows[0] as HTMLElement).getByRole('link', { name: /Join online/ });
    expect(join.getAttribute('href')).toBe('https://meet.example.org/j/lantern');
    // A cancelled date offers no way in.
    expect(within(rows[1] as HTMLElement).queryByRole('link', { name: /Join online/ })).toBeNull();
    expect(rows[1]!.textContent).toContain(en.meetings.cancelled);

    const groups = screen.getByRole('complementary', { name: en.memberHome.groupsTitle });
    expect(within(groups).getByText(en.memberHome.roleFacilitator)).toBeTruthy();
    const waiting = within(groups).getByRole('link', { name: '2 requests waiting' });
    expect(waiting.getAttribute('href')).toBe('/groups/harbour#requests-title');
    expect(screen.getByText(en.memberHome.state.declined)).toBeTruthy();
    expect(calls.find((c) => c.path.startsWith('/api/me/home'))?.path).toContain(
      'tz=America%2FLos_Angeles',
    );
  });

  it('welcomes someone with no group yet towards the questionnaire, the finder and open groups', async () => {
    stubApi(
      {
        'GET /api/me/home': () =>
          json(
            aHome({
              groups: [],
              meetings: [],
              requests: [],
              suggestions: [{ slug: 'open-door', name: 'Open Door', format: 'online' }],
            }),
          ),
      },
      aUser({ emailVerified: false }),
    );
    renderRoutes(routes, '/home');

    expect(await screen.findByText(en.memberHome.startText)).toBeTruthy();
    expect(screen.getByRole('link', { name: en.memberHome.startMatch }).getAttribute('href')).toBe(
      '/groups/match',
    );
    expect(screen.getByRole('link', { name: en.memberHome.startFinder }).getAttribute('href')).toBe(
      '/groups',
    );
    expect(screen.getByRole('link', { name: 'Open Door' }).getAttribute('href')).toBe(
      '/groups/open-door',
    );
    expect(screen.getByText(en.memberHome.noGroups)).toBeTruthy();
    expect(screen.getByRole('link', { name: en.memberHome.unconfirmedLink })).toBeTruthy();
  });

  it('words dates and times in Spanish for a Spanish reader', async () => {
    stubApi({ 'GET /api/me/home': () => json(aHome()) }, aUser({ locale: 'es' }));
    renderRoutes(routes, '/home');

    await waitFor(() => expect(i18n.language).toBe('es'));
    const meetings = await screen.findByRole('region', { name: es.memberHome.meetingsTitle });
    const when = meetings.querySelector('time')!;
    expect(when.textContent).toMatch(/^mar, 6 ene,? 19:00/);
    expect(screen.getByText(es.memberHome.state.declined)).toBeTruthy();
    // Answered on 30 December 2025, in Spanish words.
    expect(document.body.textContent).toMatch(/30 dic 2025/);
    expect(document.body.textContent).not.toMatch(/\b(Jan|Dec|Tue|Thu)\b|PM/);
  });
});
