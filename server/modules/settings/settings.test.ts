import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import { DEFAULT_CRISIS_LINES } from '../../../contracts/settings.ts';
import { SETTINGS_MAX_AGE_MS } from './settings.service.ts';

let t: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
});
afterAll(() => t.close());

const TILES = 'https://tiles.example.org/{z}/{x}/{y}.png';
const BASELINE_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';" +
  "connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

// Pages carry the CSP (docs/security.md): any page will do.
const csp = async () => String((await t.app.inject('/sign-in')).headers['content-security-policy']);
const imgSrc = async () => (await csp()).split(';').find((d) => d.startsWith('img-src '));
const putMap = (body: unknown, who: SignedIn = admin) =>
  who.request({ method: 'PUT', url: '/api/admin/settings/map', payload: body as object });
const publicMap = async () => (await t.app.inject('/api/settings/public')).json().map;

describe('map settings', () => {
  it('has no map and the usual CSP by default', async () => {
    const res = await t.app.inject('/api/settings/public');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ map: null, crisisLines: DEFAULT_CRISIS_LINES });
    expect(await csp()).toBe(BASELINE_CSP);
    expect(await csp()).not.toMatch(/https?:\/\//);
  });

  it('asks visitors to sign in and refuses people who are not admins', async () => {
    const visitor = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/map',
      payload: { tileUrl: TILES },
    });
    expect(visitor.statusCode).toBe(401);
    expect((await t.app.inject('/api/admin/settings/map')).statusCode).toBe(401);
    for (const fields of [{}, { role: 'facilitator' as const, totpEnabledAt: t.clock.now() }]) {
      const person = await createSignedIn(t, fields);
      const res = await putMap({ tileUrl: TILES }, person);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const noTwoFactor = await createSignedIn(t, { role: 'admin' });
    expect((await putMap({ tileUrl: TILES }, noTwoFactor)).json().error.code).toBe(
      'two_factor_required',
    );
    expect(await publicMap()).toBeNull();
  });

  it.each([
    ['http://tiles.example.org/{z}/{x}/{y}.png', 'body.tileUrl'],
    ['https://tiles.example.org/{z}/{x}.png', 'body.tileUrl'],
    ['https://tiles.example.org/{z}/{x}/{y}/{q}.png', 'body.tileUrl'],
    ['javascript:alert(1)//{z}{x}{y}', 'body.tileUrl'],
    [`https://tiles.example.org/${'a'.repeat(300)}/{z}/{x}/{y}`, 'body.tileUrl'],
  ])('refuses the tile address %s with a 400 naming the field', async (tileUrl, field) => {
    const res = await putMap({ tileUrl, attribution: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it.each(['<a href="x">OSM</a>', 'x'.repeat(201), 'line\nbreak'])(
    'refuses the attribution %j with a 400 naming the field',
    async (attribution) => {
      const res = await putMap({ tileUrl: TILES, attribution });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('body.attribution');
      expect(await publicMap()).toBeNull();
    },
  );

  it('sets the map, adds exactly its host to img-src, audits it, and clears it', async () => {
    const res = await putMap({ tileUrl: TILES, attribution: '© OpenStreetMap contributors' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tileUrl: TILES, attribution: '© OpenStreetMap contributors' });
    expect(await publicMap()).toEqual({
      tileUrl: TILES,
      attribution: '© OpenStreetMap contributors',
    });
    expect(await imgSrc()).toBe("img-src 'self' data: https://tiles.example.org");
    // Nothing else changed.
    expect((await csp()).replace(' https://tiles.example.org', '')).toBe(BASELINE_CSP);
    const page = await t.app.inject('/groups');
    expect(String(page.headers['content-security-policy'])).toContain(
      "img-src 'self' data: https://tiles.example.org;",
    );

    const got = await admin.request({ method: 'GET', url: '/api/admin/settings/map' });
    expect(got.json()).toEqual({ tileUrl: TILES, attribution: '© OpenStreetMap contributors' });

    const audit = await admin.request({
      method: 'GET',
      url: '/api/admin/audit?action=settings.map_changed',
    });
    expect(audit.json().events[0]).toMatchObject({
      action: 'settings.map_changed',
      actorId: admin.user.id,
      meta: { enabled: true, host: 'https://tiles.example.org' },
    });

    const subs = await putMap({ tileUrl: 'https://{s}.tile.example.net:8443/{z}/{x}/{y}.png' });
    expect(subs.statusCode).toBe(200);
    expect(await imgSrc()).toBe(
      "img-src 'self' data: https://a.tile.example.net:8443 https://b.tile.example.net:8443 " +
        'https://c.tile.example.net:8443',
    );

    const cleared = await putMap({ tileUrl: null });
    expect(cleared.json()).toEqual({ tileUrl: null, attribution: '' });
    expect(await publicMap()).toBeNull();
    expect(await csp()).toBe(BASELINE_CSP);
  });

  it('reads the setting once at start-up and refreshes it in the background, not per request', async () => {
    await putMap({ tileUrl: TILES });
    // A second app on the same database (another instance) reads it when it starts.
    const { buildApp } = await import('../../app.ts');
    const other = await buildApp({
      ...t.app.deps,
      logStream: new Writable({ write: (_c, _e, done) => done() }),
    });
    try {
      const header = (await other.inject('/sign-in')).headers['content-security-policy'];
      expect(String(header)).toContain('https://tiles.example.org');
      // A change made elsewhere shows once the cache is stale (the stale read starts a refresh).
      await putMap({ tileUrl: null });
      expect(String((await other.inject('/sign-in')).headers['content-security-policy'])).toContain(
        'tiles.example.org',
      );
      t.clock.advance(SETTINGS_MAX_AGE_MS);
      await other.inject('/sign-in');
      await new Promise((r) => setTimeout(r, 50));
      expect(String((await other.inject('/sign-in')).headers['content-security-policy'])).toBe(
        BASELINE_CSP,
      );
    } finally {
      await other.close();
    }
  });
});

describe('crisis lines', () => {
  const putLines = (body: unknown, who: SignedIn = admin) =>
    who.request({
      method: 'PUT',
      url: '/api/admin/settings/crisis-lines',
      payload: body as object,
    });
  const publicLines = async () =>
    (await t.app.inject('/api/settings/public')).json().crisisLines as unknown[];
  const fields = (res: { json: () => { error: { details: { field: string }[] } } }) =>
    res.json().error.details.map((d) => d.field);
  const ours = {
    country: 'es',
    name: 'Teléfono de la Esperanza',
    call: '717 003 717',
    text: { number: '+34 600 000 000', keyword: 'AYUDA' },
    url: 'https://telefonodelaesperanza.org',
    hours: '24 h',
  };

  it('shows the defaults (988, Crisis Text Line, Samaritans, findahelpline) until set', async () => {
    const lines = await publicLines();
    expect(lines).toEqual(DEFAULT_CRISIS_LINES);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ country: 'US', call: '988', text: { number: '988' } }),
        expect.objectContaining({ country: 'US', text: { number: '741741', keyword: 'HOME' } }),
        expect.objectContaining({ country: 'GB', text: { number: '85258', keyword: 'SHOUT' } }),
        expect.objectContaining({ country: 'GB', call: '116 123' }),
        expect.objectContaining({ country: 'IE', call: '116 123' }),
        expect.objectContaining({ country: 'INTL', url: 'https://findahelpline.com' }),
      ]),
    );
    const got = await admin.request({ method: 'GET', url: '/api/admin/settings/crisis-lines' });
    expect(got.json()).toEqual({ lines: DEFAULT_CRISIS_LINES, isDefault: true });
  });

  it('documents the endpoints in the API description', async () => {
    const res = await t.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    expect(Object.keys(paths['/api/admin/settings/crisis-lines'])).toEqual(['get', 'put']);
    expect(
      paths['/api/settings/public'].get.responses['200'].content['application/json'].schema
        .properties,
    ).toHaveProperty('crisisLines');
  });

  it('lets only admins change them', async () => {
    const visitor = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/crisis-lines',
      payload: { lines: [ours] },
    });
    expect(visitor.statusCode).toBe(401);
    const member = await createSignedIn(t);
    expect((await putLines({ lines: [ours] }, member)).statusCode).toBe(403);
    expect(await publicLines()).toEqual(DEFAULT_CRISIS_LINES);
  });

  it.each([
    [{ ...ours, country: 'XX' }, 'body.lines.0.country'],
    [{ ...ours, country: 'Spain' }, 'body.lines.0.country'],
    [{ ...ours, name: '  ' }, 'body.lines.0.name'],
    [{ ...ours, name: '<b>Help</b>' }, 'body.lines.0.name'],
    [{ ...ours, name: 'x'.repeat(101) }, 'body.lines.0.name'],
    [{ ...ours, call: 'call us' }, 'body.lines.0.call'],
    [{ ...ours, text: { number: '741741', keyword: 'two words' } }, 'body.lines.0.text.keyword'],
    [{ ...ours, text: { keyword: 'HOME' } }, 'body.lines.0.text.number'],
    [{ ...ours, url: 'http://example.org' }, 'body.lines.0.url'],
    [{ ...ours, url: 'javascript:alert(1)' }, 'body.lines.0.url'],
    [{ ...ours, hours: 'day\nnight' }, 'body.lines.0.hours'],
    [{ country: 'US', name: 'Nothing to reach' }, 'body.lines.0.call'],
  ])('refuses the line %j with a 400 naming the field', async (line, field) => {
    const res = await putLines({ lines: [line] });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain(field);
    expect(await publicLines()).toEqual(DEFAULT_CRISIS_LINES);
  });

  it('limits how many lines there are', async () => {
    const tooMany = await putLines({ lines: Array.from({ length: 41 }, () => ours) });
    expect(tooMany.statusCode).toBe(400);
    expect(fields(tooMany)).toContain('body.lines');
    const none = await putLines({ lines: [] });
    expect(none.statusCode).toBe(400);
    expect(fields(none)).toContain('body.lines');
  });

  it('saves them, shows them to everyone, audits the change, and goes back to the defaults', async () => {
    const res = await putLines({ lines: [ours, DEFAULT_CRISIS_LINES.at(-1)] });
    expect(res.statusCode).toBe(200);
    const saved = [{ ...ours, country: 'ES' }, DEFAULT_CRISIS_LINES.at(-1)];
    expect(res.json()).toEqual({ lines: saved, isDefault: false });
    expect(await publicLines()).toEqual(saved);

    const audit = await admin.request({
      method: 'GET',
      url: '/api/admin/audit?action=settings.crisis_lines_changed',
    });
    expect(audit.json().events[0]).toMatchObject({
      action: 'settings.crisis_lines_changed',
      actorId: admin.user.id,
      meta: { isDefault: false, count: 2, countries: 'ES INTL' },
    });

    const reset = await putLines({ lines: null });
    expect(reset.json()).toEqual({ lines: DEFAULT_CRISIS_LINES, isDefault: true });
    expect(await publicLines()).toEqual(DEFAULT_CRISIS_LINES);
    const after = await admin.request({
      method: 'GET',
      url: '/api/admin/audit?action=settings.crisis_lines_changed',
    });
    expect(after.json().events[0].meta).toMatchObject({ isDefault: true });
  });
});
