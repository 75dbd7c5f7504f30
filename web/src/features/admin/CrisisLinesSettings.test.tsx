import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRISIS_LINES } from '../../../../contracts/settings.ts';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import OrganisationSettings from './OrganisationSettings.tsx';

const routes = [{ path: '/admin/settings', element: <OrganisationSettings /> }];
const admin = aUser({ role: 'admin', twoFactorEnabled: true });

describe('Organisation settings: crisis lines', () => {
  it('edits the lines, names a bad field before sending, and saves what is right', async () => {
    const calls = stubApi(
      {
        'GET /api/admin/settings/map': () => json({ tileUrl: null, attribution: '' }),
        'GET /api/admin/settings/crisis-lines': () =>
          json({ lines: DEFAULT_CRISIS_LINES, isDefault: true }),
        'PUT /api/admin/settings/crisis-lines': (call) =>
          json({ lines: (call.body as { lines: unknown[] }).lines, isDefault: false }),
      },
      admin,
    );
    renderRoutes(routes, '/admin/settings');
    expect(await screen.findByRole('heading', { level: 1, name: en.admin.settings })).toBeTruthy();
    expect(await screen.findByText(en.admin.crisis.usingDefaults)).toBeTruthy();
    const first = screen.getByRole('group', { name: 'Line 1' });
    expect(within(first).getByLabelText(en.admin.crisis.name)).toHaveProperty(
      'value',
      '988 Suicide & Crisis Lifeline',
    );

    fireEvent.change(within(first).getByLabelText(en.admin.crisis.country), {
      target: { value: 'XX' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.admin.crisis.save }));
    const country = within(first).getByLabelText(en.admin.crisis.country);
    await waitFor(() => expect(country.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/Line 1: Country: must be a two-letter country code/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(country, { target: { value: 'us' } });
    fireEvent.click(screen.getByRole('button', { name: en.admin.crisis.add }));
    const added = screen.getByRole('group', { name: `Line ${DEFAULT_CRISIS_LINES.length + 1}` });
    fireEvent.change(within(added).getByLabelText(en.admin.crisis.country), {
      target: { value: 'ES' },
    });
    fireEvent.change(within(added).getByLabelText(en.admin.crisis.name), {
      target: { value: 'Teléfono de la Esperanza' },
    });
    fireEvent.change(within(added).getByLabelText(/Number to call/), {
      target: { value: '717 003 717' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.admin.crisis.save }));

    expect(await screen.findByText(en.admin.crisis.saved)).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    const sent = (put.body as { lines: Record<string, unknown>[] }).lines;
    expect(sent).toHaveLength(DEFAULT_CRISIS_LINES.length + 1);
    expect(sent[0]).toMatchObject({ country: 'US', call: '988' });
    expect(sent.at(-1)).toEqual({
      country: 'ES',
      name: 'Teléfono de la Esperanza',
      call: '717 003 717',
    });
    expect(screen.queryByText(en.admin.crisis.usingDefaults)).toBeNull();
    expect(screen.getByRole('button', { name: en.admin.crisis.useDefaults })).toBeTruthy();
  });
});
