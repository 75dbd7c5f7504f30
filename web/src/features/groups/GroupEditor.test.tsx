import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import i18n from '../../i18n/index.ts';
import { apiError, json, renderRoutes, stubApi } from '../../test/app.tsx';
import { aGroup, aUser } from '../../test/fixtures.ts';
import GroupEditor from './GroupEditor.tsx';

const routes = [
  { path: '/groups/:slug/edit', element: <GroupEditor /> },
  { path: '/groups/:slug', element: <p>Group page</p> },
];

const managed = aGroup({
  slug: 'alpha',
  name: 'Alpha circle',
  description: 'About us.',
  viewer: { ...aGroup().viewer, signedIn: true, canManage: true },
});

afterEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('en');
});

/** The words shown under a field, found through the field's own description. */
function errorOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
  const id = ids.find((x) => x.endsWith('-error'));
  return id ? (document.getElementById(id)?.textContent ?? '') : '';
}

describe('GroupEditor', () => {
  it('shows the server’s field errors beside each field, in the person’s saved language', async () => {
    const calls = stubApi(
      {
        'GET /api/groups/alpha': () => json(managed),
        'PATCH /api/groups/alpha': () =>
          apiError(400, {
            code: 'validation_failed',
            message: 'Invalid request',
            details: [
              {
                field: 'body.name',
                message: 'Use at most 100 characters',
                issue: 'too_big',
                origin: 'string',
                maximum: 100,
              },
              {
                field: 'body.capacity',
                message: 'must be at most 10000',
                issue: 'too_big',
                origin: 'number',
                maximum: 10000,
              },
            ],
          }),
      },
      aUser({ role: 'admin', locale: 'es' }),
    );
    renderRoutes(routes, '/groups/alpha/edit');

    const name = await screen.findByRole('textbox', { name: 'Nombre' });
    fireEvent.change(name, { target: { value: 'x'.repeat(120) } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' })));

    await waitFor(() => expect(errorOf(name)).toContain('Usa como máximo 100 caracteres'));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const capacity = screen.getByRole('spinbutton', { name: /Máximo de miembros/ });
    expect(errorOf(capacity)).toContain('Usa 10000 o menos');
    // The server's English words never reach a Spanish reader.
    expect(document.body.textContent).not.toContain('Use at most 100 characters');
    expect(document.body.textContent).not.toContain('must be at most 10000');

    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toMatchObject({ name: 'x'.repeat(120) });
  });

  it('tells someone who may not manage the group that they may not edit it', async () => {
    stubApi({ 'GET /api/groups/alpha': () => json({ ...managed, viewer: aGroup().viewer }) });
    renderRoutes(routes, '/groups/alpha/edit');
    expect(await screen.findByText(en.editor.notAllowed)).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
