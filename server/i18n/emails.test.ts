import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Email } from '../lib/mailer.ts';
import { HEALTH_WORDS } from '../modules/account/account.test-helpers.ts';
import { createTestApp, type TestContext } from '../test/harness.ts';
import { createSignedIn, TEST_PASSWORD } from '../test/users.ts';
import { languageFromHeader, toLanguage } from './index.ts';

const modules = path.join(import.meta.dirname, '../modules');
const url = 'https://iconocast.test';

type Render = (...args: unknown[]) => Email;
const to = 'a@example.org';

/**
 * Every email, rendered for a language. A new email must be added here, or the check that
 * every exported email is rendered fails.
 */
const samples: Record<string, (fn: Render, lang: string) => Email> = {
  confirmNewEmail: (fn, lang) => fn(to, `${url}/confirm`, lang),
  emailChangeNotice: (fn, lang) => fn(to, lang),
  emailChangeAttempt: (fn, lang) => fn(to, url, lang),
  signUpLinkEmail: (fn, lang) => fn(to, url, 'tok', lang),
  signUpAttemptEmail: (fn, lang) => fn(to, url, lang),
  signInLinkEmail: (fn, lang) => fn(to, url, 'tok', lang),
  twoFactorResetEmail: (fn, lang) => fn(to, url, lang),
  passwordChanged: (fn, lang) => fn(to, lang),
  accountDeleted: (fn, lang) => fn(to, lang),
  passwordResetEmail: (fn, lang) => fn(to, url, 'tok', lang),
  passwordChangedEmail: (fn, lang) => fn(to, url, lang),
  joinRequestAnswered: (fn, lang) => fn(to, url, lang),
  joinRequestWaiting: (fn, lang) => fn(to, url, lang, true),
  invitationEmail: (fn, lang) =>
    fn(to, {
      publicUrl: url,
      token: 'tok',
      role: 'facilitator',
      invitedBy: 'Maya R.',
      days: 7,
      language: lang,
    }),
  notificationEmail: (fn, lang) =>
    fn(to, { title: 'Your meeting starts in 30 minutes', body: '' }, `${url}/inbox`, lang),
  changeRequestDecided: (fn, lang) =>
    fn(to, { accepted: false, note: undefined, link: `${url}/` }, lang),
};

async function everyEmail(): Promise<[string, Render][]> {
  const files = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.emails.ts'),
  );
  const found: [string, Render][] = [];
  for (const file of files) {
    const mod = (await import(path.join(modules, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function') found.push([name, value as Render]);
    }
  }
  return found;
}

describe('emails', () => {
  it('every email has Spanish words of its own, and subjects with no health detail', async () => {
    const emails = await everyEmail();
    expect(emails.length).toBeGreaterThan(0);
    for (const [name, fn] of emails) {
      const render = samples[name];
      expect(render, `${name}: add it to the samples in emails.test.ts`).toBeDefined();
      const en = render!(fn, 'en');
      const es = render!(fn, 'es');
      expect(es.language, name).toBe('es');
      expect(en.language, name).toBe('en');
      expect(es.subject, name).not.toBe(en.subject);
      expect(es.text, name).not.toBe(en.text);
      for (const mail of [en, es]) expect(mail.subject, name).not.toMatch(HEALTH_WORDS);
      // A language without a text of its own falls back to English, never to nothing.
      expect(render!(fn, 'fr').text, name).toBe(en.text);
    }
  });
});

describe('choosing the language', () => {
  it('reads a saved language, a regional one, or falls back to English', () => {
    expect(toLanguage('es')).toBe('es');
    expect(toLanguage('es-MX')).toBe('es');
    expect(toLanguage('fr')).toBe('en');
    expect(toLanguage(null)).toBe('en');
  });

  it('takes the most preferred language we write from Accept-Language', () => {
    expect(languageFromHeader('fr-FR, es;q=0.8, en;q=0.5')).toBe('es');
    expect(languageFromHeader('en;q=0.4, es-AR;q=0.9')).toBe('es');
    expect(languageFromHeader('es;q=0, en')).toBe('en');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});

describe('an email to a Spanish-speaking member', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is written in Spanish', async () => {
    const me = await createSignedIn(t, { locale: 'es' });
    const res = await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'un paseo tranquilo junto al río' },
    });
    expect(res.statusCode, res.body).toBe(204);
    const mail = t.mailer.lastTo(me.user.email!);
    expect(mail).toMatchObject({ subject: 'Tu contraseña ha cambiado', language: 'es' });
    expect(mail!.text).toContain('Se acaba de cambiar la contraseña');
  });

  it('is written in English for an English-speaking member', async () => {
    const me = await createSignedIn(t, { locale: 'en' });
    await me.request({
      method: 'POST',
      url: '/api/account/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a quiet walk by the river at dawn' },
    });
    expect(t.mailer.lastTo(me.user.email!)).toMatchObject({
      subject: 'Your password was changed',
      language: 'en',
    });
  });
});
