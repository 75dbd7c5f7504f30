import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aGroup, aUser, noMeetings } from '../../test/fixtures.ts';
import GroupPage from './GroupPage.tsx';
import GroupStaff from './GroupStaff.tsx';

const MESSAGE = 'My sponsor suggested this group.\nI can come on Tuesdays.';

describe('a message with a request to join', () => {
  it('sends the message with a request to a closed group, counting the characters left', async () => {
    const closed = aGroup({
      slug: 'quiet',
      name: 'Quiet circle',
      isOpen: false,
      viewer: { ...aGroup().viewer, signedIn: true },
    });
    const calls = stubApi(
      {
        'GET /api/groups/quiet': () => json(closed),
        'GET /api/groups/quiet/meetings': () => json(noMeetings),
        'POST /api/groups/quiet/join': () =>
          json({ membership: { status: 'requested', role: null } }),
      },
      aUser(),
    );
    renderRoutes([{ path: '/groups/:slug', element: <GroupPage /> }], '/groups/quiet');

    const field = await screen.findByLabelText(new RegExp(en.groups.messageLabel));
    expect(field.getAttribute('maxlength')).toBe('500');
    fireEvent.change(field, { target: { value: `  ${MESSAGE}  ` } });
    expect(screen.getByText(`${500 - MESSAGE.length} characters left`)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: en.groups.ask })));
    const sent = calls.find((c) => c.method === 'POST');
    expect((sent?.body as { message: string }).message.trim()).toBe(MESSAGE);
  });

  it('shows the facilitators what the person wrote, in the requests list', async () => {
    stubApi(
      {
        'GET /api/groups/quiet/requests': () =>
          json({
            requests: [
              {
                userId: 'u-1',
                displayName: 'Alex P.',
                pronouns: null,
                requestedAt: '2026-01-05T10:00:00.000Z',
                agreementAccepted: false,
                message: MESSAGE,
              },
              {
                userId: 'u-2',
                displayName: 'Robin T.',
                pronouns: null,
                requestedAt: '2026-01-06T10:00:00.000Z',
                agreementAccepted: false,
                message: null,
              },
            ],
          }),
      },
      aUser({ role: 'facilitator', twoFactorEnabled: true }),
    );
    renderRoutes([{ path: '/', element: <GroupStaff slug="quiet" /> }], '/');
    const alex = (await screen.findAllByText('Alex P.'))[0]!.closest('li') as HTMLElement;
    expect(within(alex).getByText(MESSAGE, { normalizer: (s) => s })).toBeTruthy();
    const robin = screen.getAllByText('Robin T.')[0]!.closest('li') as HTMLElement;
    expect(robin.querySelector('.join-message')).toBeNull();
  });
});
