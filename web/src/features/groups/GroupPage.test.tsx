import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { deferred, json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aGroup, aUser, noMeetings } from '../../test/fixtures.ts';
import GroupPage from './GroupPage.tsx';

const routes = [{ path: '/groups/:slug', element: <GroupPage /> }];

describe('GroupPage', () => {
  it('never shows the last group under the next group’s address when the last answer is slow', async () => {
    const slowA = deferred<Response>();
    stubApi({
      'GET /api/groups/alpha': () => slowA.promise,
      'GET /api/groups/beta': () => json(aGroup({ slug: 'beta', name: 'Beta circle' })),
      'GET /api/groups/alpha/meetings': () => json(noMeetings),
      'GET /api/groups/beta/meetings': () => json(noMeetings),
    });
    const { router } = renderRoutes(routes, '/groups/alpha');
    // Alpha was asked for and has not answered; the person moves on to Beta.
    await waitFor(() => expect(screen.getByRole('status')).toBeTruthy());
    await act(() => router.navigate('/groups/beta'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Beta circle' })).toBeTruthy();

    // Alpha's answer arrives late: Beta's address keeps Beta's page.
    await act(async () => {
      slowA.resolve(json(aGroup({ slug: 'alpha', name: 'Alpha circle' })));
      await slowA.promise;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(router.state.location.pathname).toBe('/groups/beta');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Beta circle');
    expect(screen.queryByText('Alpha circle')).toBeNull();
  });

  it('shows the not-found page for a group the person may not see', async () => {
    stubApi({});
    renderRoutes(routes, '/groups/hidden');
    expect(await screen.findByRole('heading', { level: 1, name: /not found/i })).toBeTruthy();
  });

  it('asks for the group again from “Try again” after a failure', async () => {
    let answers = 0;
    stubApi({
      'GET /api/groups/alpha': () =>
        ++answers === 1
          ? json({ error: { code: 'bad_request', message: 'No.' } }, 400)
          : json(aGroup({ slug: 'alpha', name: 'Alpha circle' })),
      'GET /api/groups/alpha/meetings': () => json(noMeetings),
    });
    renderRoutes(routes, '/groups/alpha');
    const retry = await screen.findByRole('button', { name: 'Try again' });
    await act(async () => retry.click());
    expect(await screen.findByRole('heading', { level: 1, name: 'Alpha circle' })).toBeTruthy();
  });

  it('joins an open group and shows the group as the server now has it', async () => {
    let joined = false;
    const viewer = { ...aGroup().viewer, signedIn: true };
    const calls = stubApi(
      {
        'GET /api/groups/alpha': () =>
          json(
            aGroup({
              slug: 'alpha',
              name: 'Alpha circle',
              viewer: joined
                ? { ...viewer, membership: { status: 'active', role: 'member' } }
                : viewer,
            }),
          ),
        'GET /api/groups/alpha/meetings': () => json(noMeetings),
        'POST /api/groups/alpha/join': () => {
          joined = true;
          return json({ membership: { status: 'active', role: 'member' } });
        },
      },
      aUser(),
    );
    renderRoutes(routes, '/groups/alpha');
    await screen.findByRole('heading', { level: 1, name: 'Alpha circle' });

    await act(async () => (await screen.findByRole('button', { name: en.groups.join })).click());
    expect(await screen.findByRole('heading', { name: en.groups.youAreMember })).toBeTruthy();
    expect(screen.getByText(en.groups.joined)).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/groups/alpha')).toHaveLength(2);
  });
});
