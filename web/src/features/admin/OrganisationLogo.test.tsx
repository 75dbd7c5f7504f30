import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import { OrganisationLogo } from './OrganisationLogo.tsx';

const admin = aUser({ role: 'admin', twoFactorEnabled: true });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('Organisation settings: logo', () => {
  it('refuses an SVG before sending, uploads a PNG as base64 and offers to remove it', async () => {
    let logoUrl: string | null = null;
    const calls = stubApi(
      {
        'GET /api/settings/organisation': () =>
          json({ name: 'Bristol', logoUrl, privacyHtml: '', guidelinesHtml: '' }),
        'PUT /api/admin/settings/logo': () => {
          logoUrl = '/api/settings/logo?v=abc';
          return json({ logoUrl });
        },
      },
      admin,
    );
    renderRoutes([{ path: '/', element: <OrganisationLogo /> }], '/');
    expect(await screen.findByText(en.organisation.noLogo)).toBeTruthy();
    const input = screen.getByLabelText(en.organisation.logo);

    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.png', {
      type: 'image/png',
    });
    fireEvent.change(input, { target: { files: [svg] } });
    fireEvent.click(screen.getByRole('button', { name: en.organisation.logoUpload }));
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText(en.organisation.logoType).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(input, { target: { files: [new File([PNG], 'logo.png')] } });
    fireEvent.click(screen.getByRole('button', { name: en.organisation.logoUpload }));
    expect(await screen.findByText(en.organisation.logoSaved)).toBeTruthy();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ data: btoa(String.fromCharCode(...PNG)) });
    expect(await screen.findByAltText(en.organisation.logoCurrent)).toBeTruthy();
    expect(screen.getByRole('button', { name: en.organisation.logoRemove })).toBeTruthy();
  });
});
