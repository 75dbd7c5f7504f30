import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  newContext,
  removeDataDir,
  setupFirstAdmin,
  startServer,
  type RunningServer,
} from './harness.ts';
import { signUpApi } from './api-client.ts';

const codeAt = (secret: string, timestamp: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp });

describe('staff two-factor and the admin area', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof setupFirstAdmin>>;

  beforeAll(async () => {
    server = await startServer();
    admin = await setupFirstAdmin(server);
    await signUpApi(server, {
      email: 'casey.m@example.org',
      password: 'willow-carousel-orbit-38',
      displayName: 'Casey M.',
      timezone: 'Europe/Madrid',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it('turns on two-factor, changes a role with confirmation, verifies the audit chain, signs in with a code', async () => {
    const { context, foreignRequests } = await newContext(browser, server, {});
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // Staff are told, kindly, to turn on two-factor.
    await page.getByRole('link', { name: 'Turn on two-factor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
    const now = Date.now();
    await page.getByLabel('Six-digit code').fill(codeAt(secret, now));
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByText('Two-factor sign-in is now on.').waitFor();
    // Ten recovery codes, shown once.
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved my codes' }).click();

    // The admin area now works: change Casey's role, with a confirmation first.
    await page.getByRole('button', { name: /Alex A\./ }).click();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByRole('cell', { name: 'casey.m@example.org' }).waitFor();
    await page.getByLabel('New role for Casey M.').selectOption('facilitator');
    await page.getByRole('button', { name: 'Change role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change Casey M.’s role to Facilitator?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await page.getByText('Role changed: Casey M. is now Facilitator.').waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByText('Role changed', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByText(/The audit log is intact: \d+ entries checked\./).waitFor();

    // Signing in again asks for a code.
    await page.getByRole('button', { name: /Alex A\./ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'One more step' }).waitFor();
    // The code used to turn two-factor on cannot be replayed: use the next one.
    await page.getByLabel('Six-digit code').fill(codeAt(secret, now + 30_000));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: /Alex A\./ }).waitFor();
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
