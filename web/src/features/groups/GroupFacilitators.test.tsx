import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupMemberList, InvitationView } from '../../lib/api.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { polyfillDialog } from '../../test/dialog.ts';
import { aUser } from '../../test/fixtures.ts';
import GroupFacilitators from './GroupFacilitators.tsx';

beforeAll(polyfillDialog);

const member = (userId: string, displayName: string, role: 'member' | 'facilitator') => ({
  userId,
  displayName,
  pronouns: null,
  role,
  isYou: false,
});

const people: GroupMemberList = {
  members: [member('u-ana', 'Ana', 'facilitator'), member('u-bo', 'Bo', 'member')],
};

const pending: InvitationView = {
  id: 'inv-1',
  email: 'cora@example.org',
  role: 'facilitator',
  group: { slug: 'alpha', name: 'Alpha' },
  invitedBy: 'Ana',
  createdAt: '2026-01-05T10:00:00.000Z',
  expiresAt: '2026-01-12T10:00:00.000Z',
};

function renderSection(canChoose: boolean, extra: Parameters<typeof stubApi>[0] = {}) {
  const calls = stubApi(
    {
      'GET /api/groups/alpha/members': () => json(people),
      'GET /api/invitations': () => json({ invitations: [pending] }),
      ...extra,
    },
    aUser({ role: canChoose ? 'admin' : 'facilitator' }),
  );
  renderRoutes(
    [{ path: '/', element: <GroupFacilitators slug="alpha" canChoose={canChoose} /> }],
    '/',
  );
  return calls;
}

describe('the facilitator chooser', () => {
  it('lets an admin make a member a facilitator', async () => {
    const calls = renderSection(true, {
      'POST /api/groups/alpha/facilitators': () =>
        json({
          facilitators: [
            { userId: 'u-ana', displayName: 'Ana' },
            { userId: 'u-bo', displayName: 'Bo' },
          ],
        }),
    });
    const select = await screen.findByLabelText('Add a facilitator from the members');
    // Only members who do not facilitate yet are offered.
    expect(within(select).queryByText('Ana')).toBeNull();
    fireEvent.change(select, { target: { value: 'u-bo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Bo now facilitates this group.')).toBeTruthy();
    expect(calls).toContainEqual({
      method: 'POST',
      path: '/api/groups/alpha/facilitators',
      body: { userId: 'u-bo' },
    });
  });

  it('warns before the last facilitator is removed', async () => {
    const calls = renderSection(true, {
      'DELETE /api/groups/alpha/facilitators/u-ana': () => json({ facilitators: [] }),
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Stop facilitating\s*Ana$/ }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/This is the group’s only facilitator/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop facilitating' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.path.endsWith('/u-ana'))).toBe(true),
    );
  });

  it('lets a facilitator invite a co-facilitator by email, but not add or remove', async () => {
    const calls = renderSection(false, {
      'POST /api/invitations': () =>
        json({ ...pending, id: 'inv-2', email: 'dee@example.org' }, 201),
    });
    expect(await screen.findByRole('button', { name: /Withdraw\s*cora@example.org/ })).toBeTruthy();
    expect(screen.queryByLabelText('Add a facilitator from the members')).toBeNull();
    expect(screen.queryByRole('button', { name: /Stop facilitating/ })).toBeNull();
    fireEvent.change(screen.getByLabelText('Their email address'), {
      target: { value: 'dee@example.org' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send the invitation' }));
    expect(await screen.findByText('Invitation sent to dee@example.org.')).toBeTruthy();
    expect(calls).toContainEqual({
      method: 'POST',
      path: '/api/invitations',
      body: { email: 'dee@example.org', role: 'facilitator', groupSlug: 'alpha' },
    });
  });

  it('says which field is wrong before sending a bad address', async () => {
    const calls = renderSection(false);
    await screen.findByRole('button', { name: /Withdraw/ });
    fireEvent.change(screen.getByLabelText('Their email address'), {
      target: { value: 'not an address' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send the invitation' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Their email address').getAttribute('aria-invalid')).toBe(
        'true',
      ),
    );
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
