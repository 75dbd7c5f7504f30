import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.ts';
import { apiError, json, renderRoutes, stubApi } from '../../test/app.tsx';
import SignUp from './SignUp.tsx';

const ok = () => json({ message: 'Check your email' }, 202);
const noTexts = () => json({ name: 'Org', privacyHtml: '', guidelinesHtml: '' });

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

  it('sends the same sign-up again from the "check your email" screen, and says when to wait', async () => {
    let asked = 0;
    const calls = stubApi({
      'GET /api/settings/organisation': noTexts,
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
