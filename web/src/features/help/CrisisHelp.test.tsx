import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CrisisLine } from '../../../../contracts/settings.ts';
import { Layout } from '../../app/Layout.tsx';
import { polyfillDialog } from '../../test/dialog.ts';
import { renderRoutes, stubApi, json } from '../../test/app.tsx';
import { aUser } from '../../test/fixtures.ts';
import { DEFAULT_CRISIS_LINES } from '../../../../contracts/settings.ts';

beforeAll(polyfillDialog);

const routes = [{ element: <Layout />, children: [{ index: true, element: <h1>Home</h1> }] }];

function renderPage(
  lines: CrisisLine[] = DEFAULT_CRISIS_LINES,
  { languages = ['en-US'], user = null as ReturnType<typeof aUser> | null } = {},
) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
  stubApi({ 'GET /api/settings/public': () => json({ map: null, crisisLines: lines }) }, user);
  return renderRoutes(routes, '/');
}

const openHelp = async () => {
  const button = await screen.findByRole('button', { name: 'Get help now' });
  fireEvent.click(button);
  return screen.getByRole('dialog', { name: 'Help, right now' });
};

/** The lines' names in the order the dialog lists them. */
const names = (dialog: HTMLElement) =>
  within(dialog)
    .getAllByRole('listitem')
    .map((li) => li.querySelector('strong')?.textContent);

describe('Get help now', () => {
  it('comes right after the skip link, before everything else one can reach', async () => {
    const { container } = renderPage();
    await screen.findByRole('button', { name: 'Get help now' });
    const reachable = [...container.querySelectorAll<HTMLElement>('a[href], button')];
    expect(reachable[0]?.textContent).toBe('Skip to main content');
    expect(reachable[1]?.textContent).toBe('Get help now');
  });

  it('opens the lines with tap-to-call and tap-to-text links, moving focus in', async () => {
    renderPage(DEFAULT_CRISIS_LINES, { languages: ['en-GB'] });
    const dialog = await openHelp();
    expect(dialog).toHaveProperty('open', true);
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { level: 2 }));

    // Samaritans: the UK's line first, Ireland's among the other countries.
    const calls = within(dialog).getAllByRole('link', { name: 'Call 116 123' });
    expect(calls.map((a) => a.getAttribute('href'))).toEqual(['tel:116123', 'tel:116123']);
    const shout = within(dialog).getByRole('link', { name: 'Text SHOUT to 85258' });
    expect(shout.getAttribute('href')).toBe('sms:85258?&body=SHOUT');
    const text988 = within(dialog).getByRole('link', { name: 'Text 988' });
    expect(text988.getAttribute('href')).toBe('sms:988');
    expect(within(dialog).getByRole('link', { name: 'Call 988' }).getAttribute('href')).toBe(
      'tel:988',
    );
  });

  it("lists the visitor's country first (from the browser's language), then anywhere, then the others", async () => {
    renderPage(DEFAULT_CRISIS_LINES, { languages: ['en-GB'] });
    const dialog = await openHelp();
    const headings = within(dialog)
      .getAllByRole('heading')
      .map((h) => h.textContent);
    expect(headings.slice(0, 3)).toEqual([
      'Help, right now',
      'Near you (United Kingdom)',
      'Wherever you are',
    ]);
    expect(names(dialog).slice(0, 3)).toEqual([
      'Samaritans',
      'Shout (Crisis Text Line)',
      'Find A Helpline',
    ]);
    const others = within(dialog).getByText('Other countries').closest('details')!;
    expect(others.open).toBe(false);
    expect(within(others).getByRole('heading', { name: 'United States' })).toBeTruthy();
    expect(within(others).getByRole('heading', { name: 'Ireland' })).toBeTruthy();
  });

  it("prefers the signed-in person's zone to the browser's language", async () => {
    renderPage(DEFAULT_CRISIS_LINES, {
      languages: ['en-GB'],
      user: aUser({ timezone: 'America/Chicago' }),
    });
    const dialog = await openHelp();
    expect(within(dialog).getAllByRole('heading')[1]?.textContent).toBe('Near you (United States)');
    expect(names(dialog).slice(0, 2)).toEqual([
      '988 Suicide & Crisis Lifeline',
      'Crisis Text Line',
    ]);
  });

  it('shows every country openly, and findahelpline.com, when the country is unknown', async () => {
    const lines: CrisisLine[] = [
      { country: 'ES', name: 'Teléfono de la Esperanza', call: '717 003 717' },
      {
        country: 'IE',
        name: 'Pieta',
        call: '1800 247 247',
        text: { number: '51444', keyword: 'HELP' },
      },
    ];
    renderPage(lines, { languages: ['en'] });
    const dialog = await openHelp();
    await waitFor(() =>
      expect(within(dialog).getByRole('link', { name: 'Call 717 003 717' })).toBeTruthy(),
    );
    expect(within(dialog).queryByText(/^Near you/)).toBeNull();
    expect(within(dialog).getByText('Other countries').closest('details')!.open).toBe(true);
    expect(
      within(dialog).getByRole('link', { name: 'findahelpline.com' }).getAttribute('href'),
    ).toBe('https://findahelpline.com');
    // The organisation's lines replace the defaults, in the footer too (one source).
    expect(screen.queryByText('988 Suicide & Crisis Lifeline')).toBeNull();
    const footer = screen.getByRole('contentinfo');
    expect(
      within(footer).getByRole('link', { name: 'Text HELP to 51444' }).getAttribute('href'),
    ).toBe('sms:51444?&body=HELP');
  });

  it('closes with Escape and gives focus back to the button', async () => {
    renderPage();
    const dialog = await openHelp();
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    await waitFor(() => expect(dialog).toHaveProperty('open', false));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Get help now' }));

    await openHelp();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(dialog).toHaveProperty('open', false));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Get help now' }));
  });
});
