import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';

let t: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
});
afterAll(() => t.close());

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a small png image'),
]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 data')]);

const put = (data: string, who: SignedIn = admin) =>
  who.request({ method: 'PUT', url: '/api/admin/settings/logo', payload: { data } });
const fields = (body: { error?: { details?: { field: string }[] } }) =>
  (body.error?.details ?? []).map((d) => d.field);

describe('the organisation logo', () => {
  it('is absent until uploaded', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/settings/logo' })).statusCode).toBe(404);
    const org = await t.app.inject({ method: 'GET', url: '/api/settings/organisation' });
    expect(org.json().logoUrl).toBeNull();
  });

  it('refuses what is not a PNG, JPEG or WebP by its bytes (SVG included), naming the field', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>');
    const gif = Buffer.from('GIF89a.....');
    for (const bad of [svg, gif, Buffer.from('just text')]) {
      const res = await put(bad.toString('base64'));
      expect(res.statusCode).toBe(400);
      expect(fields(res.json())).toContain('body.data');
      expect(res.json().error.details[0].message).toMatch(/PNG, JPEG or WebP/);
    }
    const notBase64 = await put('!!!not base64!!!');
    expect(notBase64.statusCode).toBe(400);
    expect(fields(notBase64.json())).toContain('body.data');
  });

  it('refuses an image over 200 KB with a clear message', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(200 * 1024)]).toString('base64');
    const res = await put(big);
    expect(res.statusCode).toBe(400);
    expect(fields(res.json())).toContain('body.data');
    expect(res.json().error.details[0].message).toContain('at most 200 KB');
    const huge = await put(Buffer.concat([PNG, Buffer.alloc(400 * 1024)]).toString('base64'));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toMatch(/too large/);
  });

  it('is for admins only', async () => {
    const member = await createSignedIn(t);
    expect((await put(PNG.toString('base64'), member)).statusCode).toBe(403);
  });

  it('is served from our origin with its type, ETag and caching; 304 when unchanged', async () => {
    const res = await put(PNG.toString('base64'));
    expect(res.statusCode, res.body).toBe(200);
    const org = await t.app.inject({ method: 'GET', url: '/api/settings/organisation' });
    const logoUrl: string = org.json().logoUrl;
    expect(logoUrl).toMatch(/^\/api\/settings\/logo\?v=/);
    expect(logoUrl).toBe(res.json().logoUrl);

    const got = await t.app.inject({ method: 'GET', url: logoUrl });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['cache-control']).toBe('public, max-age=86400');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    const etag = got.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);

    const again = await t.app.inject({
      method: 'GET',
      url: '/api/settings/logo',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    // A new image: new ETag, new address, its own type.
    expect((await put(WEBP.toString('base64'))).statusCode).toBe(200);
    const webp = await t.app.inject({
      method: 'GET',
      url: '/api/settings/logo',
      headers: { 'if-none-match': etag },
    });
    expect(webp.statusCode).toBe(200);
    expect(webp.headers['content-type']).toBe('image/webp');
    expect(webp.headers.etag).not.toBe(etag);
  });

  it('can be removed; uploads and removal are audited', async () => {
    const res = await admin.request({ method: 'DELETE', url: '/api/admin/settings/logo' });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/settings/logo' })).statusCode).toBe(404);
    const org = await t.app.inject({ method: 'GET', url: '/api/settings/organisation' });
    expect(org.json().logoUrl).toBeNull();
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.logo_changed'));
    expect(events.map((e) => e.meta)).toEqual([
      { removed: false, type: 'image/png', bytes: PNG.length },
      { removed: false, type: 'image/webp', bytes: WEBP.length },
      { removed: true },
    ]);
  });
});
