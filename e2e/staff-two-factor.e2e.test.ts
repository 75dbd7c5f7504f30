import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { newContext, setupFirstAdmin, submitSignIn } from './harness.ts';
import { browserSuite } from './suite.ts';
import { signUpApi } from './api-client.ts';

const codeAt = (secret: string, timestamp: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp });

describe('staff two-factor and the admin area', () => {
  let admin: Awaited<ReturnType<typeof setupFirstAdmin>>;
  const suite = browserSuite({
    prepare: async (server) => {
      admin = await setupFirstAdmin(server);
      await signUpApi(server, {
        email: 'casey.m@example.org',
        password: 'willow-carousel-orbit-38',
        displayName: 'Casey M.',
        timezone: 'Europe/Madrid',
      });
    },
  });

  it('turns on two-factor, changes a role with confirmation, verifies the audit chain, signs in with a code', async () => {
    const { context, foreignRequests } = await newContext(suite.browser, suite.server, {});
    const page = await context.newPage();
    await submitSignIn(page, admin.email, admin.password);

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
    await page.getByText('casey.m@example.org').first().waitFor();
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
    await submitSignIn(page, admin.email, admin.password);
    await page.getByRole('heading', { level: 1, name: 'One more step' }).waitFor();
    // The code used to turn two-factor on cannot be replayed: use the next one.
    await page.getByLabel('Six-digit code').fill(codeAt(secret, now + 30_000));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: /Alex A\./ }).waitFor();
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
