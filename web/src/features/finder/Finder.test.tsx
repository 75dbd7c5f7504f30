import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aFinderResponse, aFinderResult } from '../../test/fixtures.ts';
import Finder from './Finder.tsx';

const routes = [{ path: '/groups', element: <Finder /> }];

describe('Finder', () => {
  it('shows the results for the address’s filters and asks again when the words change', async () => {
    const calls = stubApi({
      'GET /api/settings/public': () => json({ map: null }),
      'GET /api/finder': ({ path }) =>
        json(
          aFinderResponse(
            new URL(path, 'http://x').searchParams.get('q') === 'evening'
              ? [aFinderResult({ slug: 'evening', name: 'Evening circle' })]
              : [aFinderResult()],
          ),
        ),
    });
    const { router } = renderRoutes(routes, '/groups?day=2');

    expect(await screen.findByRole('link', { name: 'Tuesday circle' })).toBeTruthy();
    const first = new URL(calls.find((c) => c.path.startsWith('/api/finder'))!.path, 'http://x');
    expect(first.searchParams.get('day')).toBe('2');
    expect(first.searchParams.get('locale')).toBe('en');
    expect(first.searchParams.get('tz')).toBe('America/Los_Angeles');

    fireEvent.change(screen.getByRole('searchbox', { name: en.finder.searchLabel }), {
      target: { value: 'evening' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: en.finder.search })));
    expect(await screen.findByRole('link', { name: 'Evening circle' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Tuesday circle' })).toBeNull());
    expect(router.state.location.search).toContain('q=evening');
  });

  it('names the bad filter of a broken shared link', async () => {
    stubApi({
      'GET /api/settings/public': () => json({ map: null }),
      'GET /api/finder': () =>
        json(
          {
            error: {
              code: 'validation_failed',
              message: 'Invalid request',
              details: [{ field: 'query.day', message: 'Invalid option', issue: 'invalid_value' }],
            },
          },
          400,
        ),
    });
    renderRoutes(routes, '/groups?day=9');
    expect(await screen.findByText(en.finder.badLink)).toBeTruthy();
    expect(screen.getByText('day')).toBeTruthy();
  });

  it('says which place was searched when nothing is near it, so it can be corrected', async () => {
    const calls = stubApi({
      'GET /api/settings/public': () => json({ map: null }),
      'GET /api/finder': () =>
        json({
          ...aFinderResponse([]),
          sort: 'distance',
          near: {
            latitude: 37.2,
            longitude: -93.3,
            label: 'Springfield, Missouri, US',
            radius: 25,
            units: 'km',
          },
        }),
    });
    renderRoutes(routes, '/groups?place=Springfield');
    expect(await screen.findByText(/We searched near Springfield, Missouri, US\./)).toBeTruthy();
    const asked = new URL(calls.find((c) => c.path.startsWith('/api/finder'))!.path, 'http://x');
    expect(asked.searchParams.get('place')).toBe('Springfield');
  });
});
