import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { OccurrenceAttendance, PendingSurvey } from '../../../../contracts/attendance.ts';
import en from '../../i18n/en.ts';
import i18n from '../../i18n/index.ts';
import { apiError, json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import CheckInPage from './CheckInPage.tsx';
import { HomeAttendance } from './HomeAttendance.tsx';
import { OccurrenceAttendanceLinks } from './OccurrenceAttendanceLinks.tsx';
import OccurrenceAttendancePage from './OccurrenceAttendancePage.tsx';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

const survey: PendingSurvey = {
  meetingSlug: 'hope-tuesday',
  meetingName: 'Hope Tuesday',
  occurrenceId: '2026-03-03',
  start: '2026-03-04T00:00:00.000Z',
  end: '2026-03-04T01:00:00.000Z',
  answerableUntil: '2026-03-11T01:00:00.000Z',
  answered: false,
};

const occurrencePage: OccurrenceAttendance = {
  meeting: { slug: 'hope-tuesday', name: 'Hope Tuesday', attendance: 'in_person' },
  group: { slug: 'lantern', name: 'Lantern Circle' },
  occurrenceId: '2026-03-03',
  start: '2026-03-04T00:00:00.000Z',
  end: '2026-03-04T01:00:00.000Z',
  cancelled: false,
  checkIn: true,
  people: [
    {
      userId: '11111111-1111-4111-8111-111111111111',
      displayName: 'Ana R.',
      role: 'member',
      present: false,
      source: null,
      minutesPresent: null,
      inRoom: false,
    },
    {
      userId: '22222222-2222-4222-8222-222222222222',
      displayName: 'Ben K.',
      role: 'member',
      present: true,
      source: 'code',
      minutesPresent: null,
      inRoom: false,
    },
  ],
  othersPresent: 0,
};

describe('the question on home', () => {
  it('shows the weekly count and asks with a labelled 1–5 radio group, naming a missing answer', async () => {
    const calls = stubApi(
      { 'POST /api/meetings/hope-tuesday/occurrences/2026-03-03/survey': () => json({}) },
      aUser(),
    );
    renderRoutes(
      [
        {
          path: '/home',
          element: (
            <HomeAttendance
              home={{
                viewerTimezone: 'America/New_York',
                groups: [],
                meetings: [],
                requests: [],
                suggestions: [],
                attendanceThisWeek: 3,
                pendingSurveys: [survey],
              }}
            />
          ),
        },
      ],
      '/home',
    );
    expect(await screen.findByText('3 meetings this week')).toBeTruthy();
    expect(screen.getByRole('link', { name: en.attendance.myLink }).getAttribute('href')).toBe(
      '/settings/attendance',
    );
    const group = screen.getByRole('radiogroup', { name: en.attendance.ratingLegend });
    const radios = within(group).getAllByRole('radio');
    expect(radios).toHaveLength(5);
    expect(within(group).getByLabelText('5 – Very helpful')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: en.attendance.send }));
    expect(await screen.findByText(en.errors.summaryTitle)).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.click(within(group).getByLabelText('4 – Helpful'));
    fireEvent.change(screen.getByLabelText(/Anything you’d like to add/), {
      target: { value: 'Felt heard' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.attendance.send }));
    expect(await screen.findByText(en.attendance.thanks)).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      rating: 4,
      comment: 'Felt heard',
    });
  });
});

describe("a facilitator's occurrence page", () => {
  it('shows the code big, the results only from 5 answers, and saves the ticks that changed', async () => {
    const calls = stubApi(
      {
        'GET /api/meetings/hope-tuesday/occurrences/2026-03-03/attendance': () =>
          json(occurrencePage),
        'PUT /api/meetings/hope-tuesday/occurrences/2026-03-03/attendance': () =>
          json({
            ...occurrencePage,
            people: occurrencePage.people.map((p) => ({ ...p, present: true })),
          }),
        'GET /api/meetings/hope-tuesday/occurrences/2026-03-03/check-in-code': () =>
          json({
            code: 'K7Q2MZ',
            validFrom: '2026-03-03T23:30:00.000Z',
            validUntil: '2026-03-04T01:00:00.000Z',
            isValidNow: true,
          }),
        'GET /api/meetings/hope-tuesday/occurrences/2026-03-03/survey': () =>
          json({
            count: 3,
            minAnswers: 5,
            shown: false,
            mean: null,
            distribution: null,
            comments: [],
          }),
      },
      aUser(),
    );
    renderRoutes(
      [
        {
          path: '/meetings/:slug/occurrences/:occurrenceId/attendance',
          element: <OccurrenceAttendancePage />,
        },
      ],
      '/meetings/hope-tuesday/occurrences/2026-03-03/attendance',
    );
    expect(await screen.findByText('K7Q2MZ')).toBeTruthy();
    expect(
      await screen.findByText('Results show once 5 people have answered. Answers so far: 3.'),
    ).toBeTruthy();
    const ana = screen.getByRole('checkbox', { name: /Ana R\./ }) as HTMLInputElement;
    expect(ana.checked).toBe(false);
    expect((screen.getByRole('checkbox', { name: /Ben K\./ }) as HTMLInputElement).checked).toBe(
      true,
    );
    fireEvent.click(ana);
    fireEvent.click(screen.getByRole('button', { name: en.attendance.saveMarks }));
    expect(await screen.findByText(en.attendance.marksSaved)).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      marks: [{ userId: occurrencePage.people[0]!.userId, present: true }],
    });
  });
});

describe('checking in', () => {
  it('shows the server’s word on a wrong code beside the field', async () => {
    stubApi(
      {
        'POST /api/meetings/hope-tuesday/occurrences/2026-03-03/check-in': () =>
          apiError(400, {
            code: 'validation_failed',
            message: 'body.code: is not the code for this meeting',
            details: [{ field: 'body.code', message: 'is not the code for this meeting' }],
          }),
      },
      aUser(),
    );
    renderRoutes(
      [{ path: '/meetings/:slug/occurrences/:occurrenceId/check-in', element: <CheckInPage /> }],
      '/meetings/hope-tuesday/occurrences/2026-03-03/check-in',
    );
    const field = await screen.findByLabelText(en.attendance.code);
    fireEvent.change(field, { target: { value: 'ZZZZZZ' } });
    fireEvent.click(screen.getByRole('button', { name: en.attendance.checkInButton }));
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
  });

  it('offers "Check in" only while an in-person occurrence is on, and "Attendance" to its staff', () => {
    const occurrence = {
      occurrenceId: '2026-03-03',
      start: '2026-03-04T00:00:00.000Z',
      end: '2026-03-04T01:00:00.000Z',
      cancelled: false,
    };
    const renderAt = (now: string, attendance = 'in_person', canManage = false) =>
      render(
        <MemoryRouter>
          <OccurrenceAttendanceLinks
            slug="hope-tuesday"
            occurrence={occurrence}
            attendance={attendance}
            signedIn
            canManage={canManage}
            now={new Date(now)}
          />
        </MemoryRouter>,
      );
    const during = renderAt('2026-03-04T00:10:00Z');
    expect(
      within(during.container)
        .getByRole('link', { name: en.attendance.checkInLink })
        .getAttribute('href'),
    ).toBe('/meetings/hope-tuesday/occurrences/2026-03-03/check-in');
    during.unmount();
    const before = renderAt('2026-03-03T23:00:00Z');
    expect(before.container.textContent).toBe('');
    before.unmount();
    const online = renderAt('2026-03-04T00:10:00Z', 'online', true);
    expect(
      within(online.container).queryByRole('link', { name: en.attendance.checkInLink }),
    ).toBeNull();
    expect(
      within(online.container).getByRole('link', { name: en.attendance.attendanceLink }),
    ).toBeTruthy();
  });
});
