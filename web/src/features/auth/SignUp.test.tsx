import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import SignUp from './SignUp.tsx';

function fill() {
  fireEvent.change(screen.getByLabelText(/^Email/), { target: { value: 'nia@example.org' } });
  fireEvent.change(screen.getByLabelText(/^Password/), {
    target: { value: 'a long and quiet river walk' },
  });
  fireEvent.change(screen.getByLabelText(/^Display name/), { target: { value: 'Nia' } });
}

describe('SignUp', () => {
  it('asks for the community guidelines to be read when the organisation has them', async () => {
    const calls = stubApi({
      'GET /api/settings/organisation': () =>
        json({ name: 'Org', privacyHtml: '<p>P</p>', guidelinesHtml: '<p>Be kind</p>' }),
      'POST /api/auth/sign-up': () => json({ checkYourEmail: true }, 202),
    });
    renderRoutes([{ path: '/', element: <SignUp /> }], '/');
    const box = await screen.findByLabelText('I have read the community guidelines');
    expect(screen.getByRole('link', { name: 'How we look after your data' })).toBeTruthy();
    fill();
    fireEvent.click(screen.getByRole('button', { name: /create/i }));
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    expect(calls.some((c) => c.path === '/api/auth/sign-up')).toBe(false);
    fireEvent.click(box);
    fireEvent.click(screen.getByRole('button', { name: /create/i }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/auth/sign-up')).toBe(true));
  });

  it('has no checkbox when there are no guidelines', async () => {
    stubApi({
      'GET /api/settings/organisation': () =>
        json({ name: 'Org', privacyHtml: '', guidelinesHtml: '' }),
    });
    renderRoutes([{ path: '/', element: <SignUp /> }], '/');
    await screen.findByLabelText(/^Display name/);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByLabelText('I have read the community guidelines')).toBeNull();
  });
});
