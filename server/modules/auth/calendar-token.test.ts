import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggablePath } from '../../lib/logger.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, TEST_PASSWORD, type SignedIn } from '../../test/users.ts';
import { HEALTH_WORDS, nextIp } from './auth.test-helpers.ts';

// The private calendar URL is a key in itself: it never reaches the log, and it stops
// working when the password changes or is reset.

let t: TestContext;
beforeAll(async () => {
  // The most verbose level: nothing Fastify or we log may carry the token.
  t = await createTestApp({}, { LOG_LEVEL: 'trace' });
});
afterAll(() => t.close());

async function createFeed(person: SignedIn): Promise<string> {
  const res = await person.request({ method: 'POST', url: '/api/calendar/feed' });
  expect(res.statusCode, res.body).toBe(201);
  const url = new URL(res.json().url as string);
  return url.pathname;
}

describe('the private calendar token', () => {
  it('is never written to the log, plain or percent-encoded (log canary)', async () => {
    const person = await createSignedIn(t);
    const path = await createFeed(person);
    const token = path.split('/').pop()!.replace('.ics', '');
    expect(token.length).toBeGreaterThanOrEqual(40);
    t.logs.length = 0;
    expect((await t.app.inject({ url: path })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${path}?x=1` })).statusCode).toBe(200);
    const encoded = path.replace(token, `%${token.charCodeAt(0).toString(16)}${token.slice(1)}`);
    expect((await t.app.inject({ url: encoded })).statusCode).toBe(200);
    expect((await t.app.inject({ url: path.replace('.ics', 'x.ics') })).statusCode).toBe(404);
    expect(t.logs.length).toBeGreaterThan(0);
    const all = t.logs.join('\n');
    expect(all).toContain('/api/calendar/[redacted].ics');
    expect(all).not.toContain(token.slice(1, 30));
  });

  it('blanks long random segments but keeps ordinary paths readable', () => {
    expect(loggablePath('/api/groups/tuesday-evening-circle-in-the-park-room?q=secret')).toBe(
      '/api/groups/tuesday-evening-circle-in-the-park-room',
    );
    expect(loggablePath(`/api/auth/sessions/${'ab12'.repeat(16)}`)).toBe(
      '/api/auth/sessions/[redacted]',
    );
    expect(loggablePath('/api/x/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA/y')).toBe(
      '/api/x/[redacted]/y',
    );
  });

  it('stops working after a password change, and the email says so', async () => {
    const person = await createSignedIn(t);
    const path = await createFeed(person);
    const res = await person.request({
      method: 'POST',
      url: '/api/account/password',
      remoteAddress: nextIp(),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another long quiet passphrase' },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    const mail = t.mailer.lastTo(person.user.email!)!;
    expect(mail.text).toMatch(/calendar link was turned off/);
    expect(`${mail.subject}\n${mail.text}`).not.toMatch(HEALTH_WORDS);
  });

  it('stops working after a password reset, and the email says so', async () => {
    const person = await createSignedIn(t);
    const path = await createFeed(person);
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      remoteAddress: nextIp(),
      payload: { email: person.user.email },
    });
    expect(asked.statusCode).toBe(202);
    await t.app.backgroundTasks.idle();
    const link = /token=([A-Za-z0-9_-]+)/.exec(t.mailer.lastTo(person.user.email!)!.text)!;
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      remoteAddress: nextIp(),
      payload: { token: link[1], password: 'a brand new long passphrase' },
    });
    expect(done.statusCode, done.body).toBe(204);
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    expect(t.mailer.lastTo(person.user.email!)!.text).toMatch(/calendar link was turned off/);
  });

  it('leaves the password email plain when there was no calendar link', async () => {
    const person = await createSignedIn(t);
    const res = await person.request({
      method: 'POST',
      url: '/api/account/password',
      remoteAddress: nextIp(),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another long quiet passphrase' },
    });
    expect(res.statusCode).toBe(204);
    expect(t.mailer.lastTo(person.user.email!)!.text).not.toMatch(/calendar/);
  });
});
