import { describe, expect, it } from 'vitest';
import { newContext } from './harness.ts';
import { browserSuite } from './suite.ts';

describe('first-run setup', () => {
  const suite = browserSuite();

  it('sends a fresh installation to /setup and signs the first admin in', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {});
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { level: 1, name: 'Set up Iconocast' }).waitFor();

    await page.getByLabel('Email', { exact: true }).fill('first.admin@example.org');
    await page.getByLabel('Password', { exact: true }).fill('calm-meadow-compass-27');
    await page.getByLabel('Display name').fill('Morgan F.');
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/London');
    await page.getByRole('button', { name: 'Create administrator' }).click();

    await page.waitForURL('**/settings/security');
    await page.getByText('Iconocast is set up. You are signed in as the administrator.').waitFor();
    const account = page.getByRole('button', { name: /Morgan F\./ });
    await account.waitFor();
    await account.click();
    expect(await page.getByRole('link', { name: 'Admin' }).isVisible()).toBe(true);

    // Staff need two-factor first: the admin area says so kindly instead of failing.
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in needed' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Turn on two-factor in your settings' }).count(),
    ).toBe(1);

    // Setup is one-time: afterwards home is home.
    await page.goto('/');
    await page
      .getByRole('heading', { level: 1, name: 'You do not have to do this alone.' })
      .waitFor();
    await page.goto('/setup');
    await page.getByText('Iconocast is already set up.').waitFor();
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
