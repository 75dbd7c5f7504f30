import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAgo, enableTwoFactorApi, signInApi, type ApiClient } from './api-client.ts';
import {
  launchBrowser,
  newContext,
  removeDataDir,
  startServer,
  type RunningServer,
} from './harness.ts';

// A 1×1 transparent PNG: every tile the local tile server answers.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the finder map (only with a tile server an admin set)', () => {
  let server: RunningServer;
  let browser: Browser;
  let tiles: Server;
  let tileOrigin: string;
  const tileRequests: string[] = [];
  let admin: ApiClient;

  beforeAll(async () => {
    tiles = createServer((req, res) => {
      tileRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
      res.end(PNG);
    });
    await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
    tileOrigin = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;

    server = await startServer({ args: ['--demo'] });
    admin = await enableTwoFactorApi(
      await signInApi(server, 'admin@demo.iconocast.invalid', 'demo-recovery-2026'),
      'demo-recovery-2026',
    );
    const group = (isOpen: boolean, name: string) =>
      admin.request<{ slug: string }>('POST', '/groups', {
        name,
        description: 'Walking and talking by the water.',
        focusAreas: ['alcohol'],
        stage: 'ongoing',
        audience: 'everyone',
        languages: ['en'],
        format: 'in_person',
        isOpen,
        capacity: isOpen ? null : 8,
        agreement: isOpen ? '' : 'What is shared here stays here.',
      });
    const meeting = (slug: string, name: string, latitude: number, longitude: number) =>
      admin.request('POST', `/groups/${slug}/meetings`, {
        name,
        timezone: 'Europe/London',
        startTime: '10:00',
        durationMinutes: 60,
        startsOn: daysAgo(7),
        recurrence: { kind: 'weekly', days: ['SA'], interval: 1 },
        locationName: 'Harbourside steps',
        address: '2 Example Quay, Bristol',
        latitude,
        longitude,
        types: ['O'],
      });
    const open = await group(true, 'Lighthouse Walkers');
    await meeting(open.slug, 'Lighthouse Walk — Saturday', 51.4495, -2.5977);
    const closed = await group(false, 'Lighthouse Circle');
    await meeting(closed.slug, 'Lighthouse Circle — Saturday', 51.4545, -2.5879);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
    await new Promise((r) => tiles?.close(r));
  });

  it('offers no map and contacts no other host by default', async () => {
    const { context, foreignRequests } = await newContext(browser, server);
    const page = await context.newPage();
    const res = await page.goto('/groups?q=Lighthouse');
    expect(res?.headers()['content-security-policy']).toContain("img-src 'self' data:;");
    // The finder page carries the public settings in its HTML; the API says the same.
    const settings = await page.request.get('/api/settings/public');
    expect(await settings.json()).toMatchObject({ map: null });
    await page.getByRole('link', { name: 'Lighthouse Walk — Saturday' }).waitFor();
    expect(await page.getByRole('button', { name: 'Map', exact: true }).count()).toBe(0);
    await page.goto('/groups?q=Lighthouse&view=map');
    await page.getByRole('link', { name: 'Lighthouse Walk — Saturday' }).waitFor();
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    expect(foreignRequests).toEqual([]);
    expect(tileRequests).toEqual([]);
    await context.close();
  });

  it('with a tile server: a List / Map toggle, pins for open groups, tiles only from that host', async () => {
    const tileUrl = `${tileOrigin}/{z}/{x}/{y}.png`;
    await admin.request('PUT', '/admin/settings/map', {
      tileUrl,
      attribution: 'Local test tiles',
    });

    const { context, foreignRequests } = await newContext(browser, server);
    const page = await context.newPage();
    const res = await page.goto('/groups?q=Lighthouse');
    expect(res?.headers()['content-security-policy']).toContain(
      `img-src 'self' data: ${tileOrigin};`,
    );
    await page.getByRole('link', { name: 'Lighthouse Walk — Saturday' }).waitFor();
    const list = page.getByRole('button', { name: 'List', exact: true });
    await list.waitFor();
    expect(await list.getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.waitForURL(/view=map/);
    const map = page.getByRole('region', { name: /Map of 1 meeting/ });
    await map.waitFor();
    const pins = page.locator('.leaflet-marker-icon');
    await pins.first().waitFor();
    expect(await pins.count()).toBe(1);
    await page.getByText('1 meeting of a closed group is not shown on the map.').waitFor();
    await page.getByText('Local test tiles').waitFor();
    await page.locator('img.leaflet-tile-loaded').first().waitFor();

    // Keyboard: the pin is focusable, Enter opens its popup with a link to the meeting.
    await pins.first().focus();
    await page.keyboard.press('Enter');
    const link = page.locator('.leaflet-popup').getByRole('link', {
      name: 'Lighthouse Walk — Saturday',
    });
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/meetings\//);

    expect(tileRequests.length).toBeGreaterThan(0);
    expect(foreignRequests.length).toBeGreaterThan(0);
    for (const url of foreignRequests) expect(url.startsWith(`${tileOrigin}/`), url).toBe(true);
    await context.close();
  });
});
