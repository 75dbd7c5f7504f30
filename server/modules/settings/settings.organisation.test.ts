import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema/index.ts';
import { message } from '../../lib/mailer.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';

let t: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
});
afterAll(() => t.close());

const put = (body: unknown, who: SignedIn = admin) =>
  who.request({ method: 'PUT', url: '/api/admin/settings/organisation', payload: body as object });
const good = {
  name: 'Bristol Peer Support',
  privacyText: 'We keep **little**.',
  guidelinesText: '- Be kind\n- What is said here stays here',
};

describe('organisation settings', () => {
  it('starts with the default name and no texts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/settings/organisation' });
    expect(res.json()).toEqual({
      name: 'Iconocast',
      logoUrl: null,
      privacyHtml: '',
      guidelinesHtml: '',
    });
  });

  it('answers 400 naming each field that breaks a limit', async () => {
    const cases: [object, string][] = [
      [{ ...good, name: '   ' }, 'body.name'],
      [{ ...good, name: 'x'.repeat(81) }, 'body.name'],
      [{ ...good, privacyText: 'x'.repeat(20_001) }, 'body.privacyText'],
      [{ ...good, guidelinesText: 'x'.repeat(20_001) }, 'body.guidelinesText'],
      [{ ...good, logoUrl: 'https://elsewhere.example/logo.png' }, 'body'],
      [{ ...good, senderName: 'x'.repeat(81) }, 'body.senderName'],
      [{ ...good, senderName: 'Team\r\nBcc: x@example.org' }, 'body.senderName'],
      [{ ...good, senderAddress: 'not an address' }, 'body.senderAddress'],
      [{ ...good, replyTo: 'someone@' }, 'body.replyTo'],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.statusCode, field).toBe(400);
      const fields = (res.json().error.details ?? []).map((d: { field: string }) => d.field);
      expect(
        fields.some((f: string) => f.startsWith(field)),
        JSON.stringify(fields),
      ).toBe(true);
    }
  });

  it('is for admins only', async () => {
    const member = await createSignedIn(t);
    expect((await put(good, member)).statusCode).toBe(403);
  });

  it('saves, audits which parts changed, and shows sanitised HTML to everyone', async () => {
    const res = await put({ ...good, privacyText: 'Ok <script>alert(1)</script> **bold**' });
    expect(res.statusCode, res.body).toBe(200);
    const shown = await t.app.inject({ method: 'GET', url: '/api/settings/organisation' });
    const body = shown.json();
    expect(body.name).toBe('Bristol Peer Support');
    expect(body.privacyHtml).toContain('<strong>bold</strong>');
    expect(body.privacyHtml).not.toContain('<script');
    expect(body.guidelinesHtml).toContain('<li>Be kind</li>');
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'settings.organisation_changed'),
          eq(auditEvents.actorId, admin.user.id),
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]!.meta).toMatchObject({ nameChanged: true, privacyChanged: true });
    const again = await admin.request({ method: 'GET', url: '/api/admin/settings/organisation' });
    expect(again.json().guidelinesText).toBe(good.guidelinesText);
  });

  it("sends every email in the organisation's name, from its sender and reply-to", async () => {
    const person = await createSignedIn(t);
    const reset = async () => {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/request',
        remoteAddress: `10.9.0.${++ip}`,
        payload: { email: person.user.email! },
      });
      await t.app.backgroundTasks.idle();
      return t.mailer.lastTo(person.user.email!)!;
    };
    let ip = 0;

    const sender = {
      ...good,
      senderName: 'Bristol Team',
      senderAddress: 'hello@bristol.example',
      replyTo: 'support@bristol.example',
    };
    expect((await put(sender)).statusCode).toBe(200);
    let mail = await reset();
    expect(mail.from).toEqual({ name: 'Bristol Team', address: 'hello@bristol.example' });
    expect(mail.replyTo).toBe('support@bristol.example');
    expect(mail.subject).toContain('Bristol Peer Support');
    expect(mail.text).toContain('Bristol Peer Support');
    expect(`${mail.subject} ${mail.text}`).not.toContain('Iconocast');
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.organisation_changed'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event!.meta).toMatchObject({ senderChanged: true });
    expect(JSON.stringify(event!.meta)).not.toContain('bristol.example');

    // Empty: the organisation's name, the configured address, no Reply-To.
    expect(
      (await put({ ...good, senderName: '', senderAddress: '', replyTo: '' })).statusCode,
    ).toBe(200);
    mail = await reset();
    expect(mail.from).toEqual({ name: 'Bristol Peer Support' });
    expect(mail.replyTo).toBeUndefined();
    const headers = message(mail, 'mail@config.example');
    expect(headers.from).toEqual({ name: 'Bristol Peer Support', address: 'mail@config.example' });
    expect(headers).not.toHaveProperty('replyTo');
  });
});
