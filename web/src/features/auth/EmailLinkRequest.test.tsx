import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { json, renderRoutes, stubApi } from '../../test/app.tsx';
import ForgotPassword from './ForgotPassword.tsx';
import SignInLink from './SignInLink.tsx';

describe.each([
  {
    page: 'ForgotPassword',
    path: '/forgot-password',
    element: <ForgotPassword />,
    request: 'POST /api/auth/password-reset/request',
    texts: en.forgot,
  },
  {
    page: 'SignInLink',
    path: '/sign-in-link',
    element: <SignInLink />,
    request: 'POST /api/auth/sign-in-link/request',
    texts: en.signInLink,
  },
])('$page asks for an email address', ({ path, element, request, texts }) => {
  const submit = async (email: string) => {
    fireEvent.change(await screen.findByLabelText(en.fields.email), { target: { value: email } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: texts.submit })));
  };

  it('sends the address and gives the same answer whoever uses it', async () => {
    const calls = stubApi({ [request]: () => json({}) });
    renderRoutes([{ path, element }], path);
    expect(await screen.findByRole('heading', { level: 1, name: texts.title })).toBeTruthy();
    await submit('sam@example.test');
    expect(
      await screen.findByText(texts.sent.replace('{{email}}', 'sam@example.test')),
    ).toBeTruthy();
    const sent = calls.filter((c) => `${c.method} ${c.path}` === request);
    expect(sent.map((c) => c.body)).toEqual([{ email: 'sam@example.test' }]);
  });

  it('sends nothing for an address that is not one', async () => {
    const calls = stubApi({ [request]: () => json({}) });
    renderRoutes([{ path, element }], path);
    await submit('not an address');
    expect((await screen.findAllByText(en.validation.email)).length).toBeGreaterThan(0);
    expect(calls.some((c) => `${c.method} ${c.path}` === request)).toBe(false);
  });
});
