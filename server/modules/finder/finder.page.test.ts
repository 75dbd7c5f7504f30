import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../cli.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { insertGroup, insertMeeting, weekly } from './finder.test-helpers.ts';

let t: TestContext;
const HOSTILE = 'Night </script><b>owls</b> & <!-- friends';

beforeAll(async () => {
  await ensureWebBuilt();
  t = await createTestApp();
  t.clock.set('2026-03-01T12:00:00Z');
  const db = t.database.db;
  const harbour = await insertGroup(db, {
    slug: 'harbour-lights',
    name: 'Harbour Lights',
    focusAreas: ['alcohol'],
  });
  const owls = await insertGroup(db, { slug: 'owls', name: 'Owls', focusAreas: ['opioids'] });
  await insertMeeting(db, harbour.id, weekly('America/New_York', '19:00', ['MO']), {
    slug: 'lewes-newcomers',
    name: 'Lewes Newcomers',
  });
  await insertMeeting(db, owls.id, weekly('Europe/London', '21:00', ['TU']), {
    slug: 'night-owls',
    name: HOSTILE,
  });
}, 120_000);
afterAll(() => t.close());

/** The JSON state the page carries for the app. */
function stateOf(html: string) {
  const m = /<script type="application\/json" id="finder-state">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as {
    language: string;
    zone: string;
    answer: { total: number; results: { name: string }[] };
  };
}

describe('GET /groups (server-rendered finder)', () => {
  it('puts the first results for the filters in the address into the HTML', async () => {
    const res = await t.app.inject({ url: '/groups?focus=alcohol' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.body;
    expect(html).toContain('<li class="result">');
    expect(html).toContain('Lewes Newcomers');
    expect(html).not.toContain('owls');
    expect(stateOf(html).answer.results.map((r) => r.name)).toEqual(['Lewes Newcomers']);
    expect(html).toContain('<title>Find a group · Iconocast</title>');
  });

  it('is a GET form of the finder query parameters, with the chosen filters checked', async () => {
    const html = (await t.app.inject({ url: '/groups?focus=alcohol&q=lewes' })).body;
    const tag = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[0]);
    const [form] = tag(/<form [^>]*id="finder-form"[^>]*>/g);
    expect(form).toMatch(/method="get"/);
    expect(form).toMatch(/action="\/groups"/);
    expect(tag(/<input [^>]*id="finder-q"[^>]*>/g)[0]).toMatch(/name="q".*value="lewes"/);
    const alcohol = tag(/<input [^>]*id="flt-focus-alcohol"[^>]*>/g)[0];
    expect(alcohol).toMatch(/form="finder-form"/);
    expect(alcohol).toMatch(/name="focus"/);
    expect(alcohol).toMatch(/checked=""/);
    expect(alcohol).toMatch(/value="alcohol"/);
    const monday = tag(/<input [^>]*id="flt-day-1"[^>]*>/g)[0];
    expect(monday).toMatch(/name="day"/);
    expect(monday).not.toMatch(/checked/);
    expect(tag(/<button type="submit" form="finder-form"[^>]*>/g).length).toBeGreaterThan(0);
  });

  it('escapes a meeting name in the HTML and in the JSON state (no breaking out)', async () => {
    const html = (await t.app.inject({ url: '/groups?focus=opioids' })).body;
    expect(html).not.toContain('<b>owls</b>');
    expect(html).toContain('Night &lt;/script&gt;&lt;b&gt;owls&lt;/b&gt; &amp; &lt;!-- friends');
    // Only the app's own closing tags: the name's `</script>` is written \u003c/script>.
    const json = /id="finder-state">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    expect(json).toContain('Night \\u003c/script>\\u003cb>owls\\u003c/b> & \\u003c!-- friends');
    expect(stateOf(html).answer.results[0]!.name).toBe(HOSTILE);
    // The state is data, not a script the CSP would have to allow.
    expect(res0CspHasNoInline(html)).toBe(true);
  });

  it('renders in the language and zone of the cookies the app sets, else Accept-Language', async () => {
    const es = await t.app.inject({
      url: '/groups',
      headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.5' },
    });
    expect(es.body).toContain('<html lang="es">');
    expect(stateOf(es.body)).toMatchObject({ language: 'es', zone: 'UTC' });
    const cookie = await t.app.inject({
      url: '/groups',
      headers: {
        'accept-language': 'es',
        cookie: 'iconocast_lang=en; iconocast_tz=Europe%2FMadrid',
      },
    });
    expect(stateOf(cookie.body)).toMatchObject({ language: 'en', zone: 'Europe/Madrid' });
    expect(cookie.headers.vary).toMatch(/Cookie/);
    const bad = await t.app.inject({
      url: '/groups',
      headers: { cookie: 'iconocast_tz=Mars%2FBase' },
    });
    expect(stateOf(bad.body).zone).toBe('UTC');
  });

  it('is sent compressed to a browser that takes brotli', async () => {
    const res = await t.app.inject({
      url: '/groups?focus=alcohol',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    const html = brotliDecompressSync(res.rawPayload).toString('utf8');
    expect(html).toContain('Lewes Newcomers');
    expect(res.rawPayload.length).toBeLessThan(html.length / 3);
  });

  it('sends the plain app page for a filter the finder cannot read, and for the map view', async () => {
    for (const url of ['/groups?radius=-4', '/groups?type=NOT-A-TYPE', '/groups?view=map']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root"></div>');
    }
  });
});

/** No inline script runs: every script is either external or a JSON data block. */
function res0CspHasNoInline(html: string): boolean {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  return scripts.every(
    ([, attrs, body]) =>
      /type="application\/json"/.test(attrs!) || (/\bsrc=/.test(attrs!) && !body),
  );
}
