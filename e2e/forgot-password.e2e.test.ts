import { describe, expect, it } from 'vitest';
import { findEmailLink, newContext, setupFirstAdmin, submitSignIn } from './harness.ts';
import { browserSuite } from './suite.ts';
import { signUpApi } from './api-client.ts';

const person = {
  email: 'river.p@example.org',
  password: 'patient-lighthouse-tulip-19',
  displayName: 'River P.',
  timezone: 'Europe/London',
};
const newPassword = 'morning-kettle-harbour-64';

describe('forgotten password', () => {
  const suite = browserSuite({
    prepare: async (server) => {
      await setupFirstAdmin(server);
      await signUpApi(server, person);
    },
  });

  it('resets the password through the emailed link, then signs in with the new one', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {
      phone: true,
    });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(person.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(`If an account uses ${person.email}, a link is on its way.`).waitFor();

    let link: string | null = null;
    await expect
      .poll(() => (link = findEmailLink(suite.server, person.email, '/reset-password')), {
        timeout: 10_000,
      })
      .not.toBeNull();
    expect(new URL(link!).origin).toBe(suite.server.url);

    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText('Your password has been changed').waitFor();

    // The link works once.
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('another-quiet-garden-77');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page
      .getByText(/expired or was already used/)
      .first()
      .waitFor();

    await submitSignIn(page, person.email, person.password);
    await page.getByText('That email and password do not match.').waitFor();

    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/home');
    await page.getByText(`Welcome back, ${person.displayName}`).waitFor();
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
