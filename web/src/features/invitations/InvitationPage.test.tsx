import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InvitationPreview } from '../../lib/api.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import InvitationPage from './InvitationPage.tsx';

const routes = [{ path: '/invitations/:token', element: <InvitationPage /> }];

const preview = (over: Partial<InvitationPreview> = {}): InvitationPreview => ({
  email: 'nia@example.org',
  role: 'facilitator',
  group: { slug: 'alpha', name: 'Alpha circle' },
  invitedBy: 'Ana',
  expiresAt: '2026-01-12T10:00:00.000Z',
  hasAccount: false,
  ...over,
});

describe('InvitationPage', () => {
  it('says who invited the person to what, and creates the account with the invited address', async () => {
    const calls = stubApi({
      'POST /api/invitations/preview': () => json(preview()),
      'POST /api/invitations/accept-new': () =>
        json(
          {
            user: aUser({ email: 'nia@example.org', role: 'facilitator' }),
            csrfToken: 'c',
            accepted: { role: 'facilitator', group: { slug: 'alpha', name: 'Alpha circle' } },
          },
          201,
        ),
    });
    renderRoutes(routes, '/invitations/tok-123456789');
    expect(
      await screen.findByText('Ana invited you to facilitate the group “Alpha circle”.'),
    ).toBeTruthy();
    expect(screen.queryByLabelText(/^Email/)).toBeNull();
    fireEvent.change(screen.getByLabelText(/^Password/), {
      target: { value: 'a long and quiet river walk' },
    });
    fireEvent.change(screen.getByLabelText(/^Display name/), { target: { value: 'Nia' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create my account and accept' }));
    expect(await screen.findByText('You now facilitate “Alpha circle”.')).toBeTruthy();
    const sent = calls.find((c) => c.path === '/api/invitations/accept-new');
    expect(sent?.body).toMatchObject({ token: 'tok-123456789', displayName: 'Nia' });
    expect(sent?.body).not.toHaveProperty('email');
  });

  it('asks a person with an account to sign in, and a signed-in stranger to switch accounts', async () => {
    stubApi({ 'POST /api/invitations/preview': () => json(preview({ hasAccount: true })) });
    const { unmount } = renderRoutes(routes, '/invitations/tok-123456789');
    const link = await screen.findByRole('link', { name: 'Sign in' });
    expect(link.getAttribute('href')).toBe('/sign-in?next=%2Finvitations%2Ftok-123456789');
    unmount();

    stubApi(
      { 'POST /api/invitations/preview': () => json(preview({ hasAccount: true })) },
      aUser({ email: 'someone@example.org' }),
    );
    renderRoutes(routes, '/invitations/tok-123456789');
    expect(await screen.findByText(/signed in with another address/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept the invitation' })).toBeNull();
  });

  it('accepts for the signed-in person the invitation was sent to', async () => {
    const calls = stubApi(
      {
        'POST /api/invitations/preview': () =>
          json(preview({ role: 'admin', group: null, hasAccount: true })),
        'POST /api/invitations/accept': () => json({ role: 'admin', group: null }),
      },
      aUser({ email: 'nia@example.org' }),
    );
    renderRoutes(routes, '/invitations/tok-123456789');
    fireEvent.click(await screen.findByRole('button', { name: 'Accept the invitation' }));
    expect(await screen.findByText('You are now an administrator.')).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/invitations/accept')).toBe(true));
  });
});
