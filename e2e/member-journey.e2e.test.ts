import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findEmailLink, newContext, setupFirstAdmin, submitSignIn } from './harness.ts';
import { browserSuite } from './suite.ts';
import { emailedLinkToken } from './api-client.ts';

const member = {
  email: 'jamie.member@example.org',
  password: 'gentle-orchard-bicycle-53',
  displayName: 'Jamie L.',
};

describe('a member’s journey', () => {
  const suite = browserSuite({ prepare: setupFirstAdmin });

  it('signs up, signs out and in, edits the profile, exports the data and deletes the account', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {});
    const page = await context.newPage();

    // Sign up from the home page.
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    // A submit with nothing filled in shows a focused summary linked to the fields.
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Please check the following:').waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    expect(await page.getByLabel('Email', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );

    await page.getByLabel('Email', { exact: true }).fill(member.email);
    await page.getByLabel('Password', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: 'Show password' }).click();
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    await page.getByLabel('Display name').fill(member.displayName);
    await page.getByLabel('Pronouns').fill('they/them');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The same answer for every email: the emailed link finishes the account and signs in.
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    const token = await emailedLinkToken(suite.server, member.email, '/sign-in-link');
    await page.goto(`/sign-in-link?token=${encodeURIComponent(token)}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: /Jamie L\./ }).waitFor();

    // Sign out through the person's menu.
    await page.getByRole('button', { name: /Jamie L\./ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0);

    // Sign in again.
    await submitSignIn(page, member.email, member.password);
    await page.getByRole('button', { name: /Jamie L\./ }).waitFor();

    // Settings: change display name and time zone.
    await page.getByRole('button', { name: /Jamie L\./ }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/settings/profile');
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await page.getByLabel('Display name').fill('Jamie Q.');
    await page.getByLabel('Time zone').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your profile has been saved.').waitFor();
    await page.getByRole('button', { name: /Jamie Q\./ }).waitFor();
    await page.reload();
    expect(await page.getByLabel('Display name').inputValue()).toBe('Jamie Q.');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');

    // Change email: nothing changes until the emailed link is opened.
    const newEmail = 'jamie.new@example.org';
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Email' })
      .click();
    await page.getByLabel('New email').fill(newEmail);
    await page.getByLabel('Your password').fill(member.password);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.getByText(`We sent a link to ${newEmail}.`).waitFor();
    let link: string | null = null;
    await expect
      .poll(() => (link = findEmailLink(suite.server, newEmail, '/confirm-email')), {
        timeout: 10_000,
      })
      .not.toBeNull();
    await page.goto(link!);
    await page.getByText(`Thank you. Your email address is now ${newEmail}.`).waitFor();
    member.email = newEmail;
    await page.getByRole('link', { name: 'Go to your settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Email', exact: true }).waitFor();
    expect(await page.getByText(`Your current email is ${newEmail}.`).count()).toBe(1);

    // Export: the file holds the new display name.
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Your data' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download my data' }).click(),
    ]);
    const file = await download.path();
    const exported = readFileSync(file, 'utf8');
    expect(() => JSON.parse(exported)).not.toThrow();
    expect(exported).toContain('Jamie Q.');

    // Delete: typing anything but DELETE is refused kindly.
    await page.getByLabel('Type DELETE to confirm').fill('delete');
    await page.getByLabel('Your password').fill(member.password);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Type DELETE in capital letters to confirm').first().waitFor();
    await page.getByLabel('Type DELETE to confirm').fill('DELETE');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account has been deleted' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0);

    // The old details no longer work.
    await submitSignIn(page, member.email, member.password);
    await page.getByText('That email and password do not match.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
