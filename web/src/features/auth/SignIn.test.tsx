import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import es from '../../i18n/es.ts';
import i18n from '../../i18n/index.ts';
import { apiError, renderRoutes, stubApi } from '../../test/app.tsx';
import SignIn from './SignIn.tsx';

afterEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('en');
});

describe('SignIn', () => {
  it('words a refused sign-in by its code in the reader’s language, whatever the server wrote', async () => {
    await i18n.changeLanguage('es');
    stubApi({
      'POST /api/auth/sign-in': () =>
        // The page reads the code only; the server's English words never reach a Spanish reader.
        apiError(401, { code: 'unauthenticated', message: 'Account suspended.' }),
    });
    renderRoutes([{ path: '/sign-in', element: <SignIn /> }], '/sign-in');

    fireEvent.change(await screen.findByLabelText(es.fields.email), {
      target: { value: 'sam@example.test' },
    });
    fireEvent.change(screen.getByLabelText(es.fields.password), {
      target: { value: 'a long enough password' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: es.signIn.submit })));

    expect(await screen.findByText(es.errors.codes.unauthenticated)).toBeTruthy();
    expect(document.body.textContent).not.toContain('Account suspended.');
  });
});
