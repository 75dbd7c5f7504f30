import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AdminUserView } from '../../lib/api.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import Users from './Users.tsx';

const person: AdminUserView = {
  id: 'u-2',
  displayName: 'Robin',
  email: 'robin.longname-for-testing@recovery-support.example.org',
  role: 'facilitator',
  status: 'active',
  twoFactorEnabled: true,
  createdAt: '2026-01-05T10:00:00.000Z',
};

function renderPage() {
  const calls = stubApi(
    {
      'GET /api/admin/users': () => json({ users: [person], nextCursor: null }),
      'GET /api/invitations': () => json({ invitations: [] }),
      'POST /api/invitations': () =>
        json(
          {
            id: 'inv-1',
            email: 'new.admin@example.org',
            role: 'admin',
            group: null,
            invitedBy: 'Sam',
            createdAt: '2026-01-05T10:00:00.000Z',
            expiresAt: '2026-01-12T10:00:00.000Z',
          },
          201,
        ),
    },
    aUser({ role: 'admin', twoFactorEnabled: true }),
  );
  renderRoutes([{ path: '/', element: <Users /> }], '/');
  return calls;
}

describe('the admin people table', () => {
  it('shows the name over the whole address, and the account facts in one column', async () => {
    renderPage();
    const name = await screen.findByRole('rowheader', { name: /Robin/ });
    // The address is all there, with joints to wrap at (no letter-by-letter squeeze).
    expect(name.textContent).toContain(person.email);
    expect(name.querySelectorAll('wbr').length).toBe(3); // after @, before each dot of the domain
    const row = name.closest('tr')!;
    expect(within(row).getByText('Facilitator', { selector: '.tag' })).toBeTruthy();
    expect(within(row).getByText('Two-factor on')).toBeTruthy();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Person',
      'Account',
      'Joined',
      'Actions',
    ]);
  });

  it('invites an administrator by email', async () => {
    const calls = renderPage();
    fireEvent.change(await screen.findByLabelText('Their email address'), {
      target: { value: 'new.admin@example.org' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send the invitation' }));
    expect(await screen.findByText('Invitation sent to new.admin@example.org.')).toBeTruthy();
    expect(calls).toContainEqual({
      method: 'POST',
      path: '/api/invitations',
      body: { email: 'new.admin@example.org', role: 'admin' },
    });
  });
});
