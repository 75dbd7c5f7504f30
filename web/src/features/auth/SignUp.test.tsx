import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { apiError, json, renderRoutes, stubApi } from '../../test/app.tsx';
import SignUp from './SignUp.tsx';

const ok = () => json({ message: 'Check your email' }, 202);

describe('SignUp', () => {
  it('sends the same sign-up again from the "check your email" screen, and says when to wait', async () => {
    let asked = 0;
    const calls = stubApi({
      'POST /api/auth/sign-up': () =>
        ++asked <= 2 ? ok() : apiError(429, { code: 'rate_limited', message: 'Too many tries.' }),
    });
    renderRoutes([{ path: '/sign-up', element: <SignUp /> }], '/sign-up');

    fireEvent.change(await screen.findByLabelText(en.fields.email), {
      target: { value: 'sam@example.test' },
    });
    fireEvent.change(screen.getByLabelText(en.fields.password), {
      target: { value: 'a quiet walk by the river' },
    });
    fireEvent.change(screen.getByLabelText(en.fields.displayName), {
      target: { value: 'Sam R.' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: en.signUp.submit })));
    expect(await screen.findByRole('heading', { name: en.signUp.sentTitle })).toBeTruthy();

    const resend = screen.getByRole('button', { name: en.signUp.resend });
    await act(async () => fireEvent.click(resend));
    expect(
      await screen.findByText(en.signUp.resent.replace('{{email}}', 'sam@example.test')),
    ).toBeTruthy();
    const sent = calls.filter((c) => c.method === 'POST');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toEqual(sent[0]!.body);

    await act(async () => fireEvent.click(resend));
    expect(await screen.findByRole('alert')).toBeTruthy();
  });
});
