/**
 * GET /groups: the finder page with its first results already in the HTML (server-rendered by
 * the web app's own components, web/src/features/finder/finder-ssr.tsx), so a visitor on a
 * slow phone sees meetings before any script runs and the page works with JavaScript off.
 * The answer comes from the same FinderService.search as /api/finder: the same public
 * projection of the directory, nothing more.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FinderQuery, type FinderResponse } from '../../../contracts/finder.ts';
import {
  canonicalSearch,
  FINDER_PAGE_SIZE,
  ZONE_COOKIE,
} from '../../../web/src/features/finder/finder-url.ts';
import { LANGUAGE_COOKIE } from '../../../web/src/i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { isValidTimeZone } from '../meetings/time-zones.ts';
import { publicSettings } from '../settings/settings.service.ts';
import { sharedFinderService } from './finder.shared.ts';

type Language = 'en' | 'es';

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

/** The page compressed as the browser accepts (brotli, else gzip): ~45 KB of HTML is ~8 KB. */
async function encoded(
  html: string,
  acceptEncoding: string | undefined,
): Promise<{ body: string | Buffer; encoding?: 'br' | 'gzip' }> {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) {
    const params = { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 };
    return { body: await brotli(html, { params }), encoding: 'br' };
  }
  if (/\bgzip\b/.test(accepted)) return { body: await gzip(html), encoding: 'gzip' };
  return { body: html };
}

/** The page's language: the app's cookie (this device's choice), else the browser's. */
export function pageLanguage(request: FastifyRequest): Language {
  const cookie = request.cookies[LANGUAGE_COOKIE];
  if (cookie === 'en' || cookie === 'es') return cookie;
  const ranked = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * The zone times are shown in: the browser's, which the app keeps in a cookie; on a first
 * visit (no cookie yet) the signed-in person's, else UTC — the app corrects it once it runs.
 */
export function pageZone(request: FastifyRequest): string {
  const cookie = request.cookies[ZONE_COOKIE];
  if (cookie && cookie.length <= 64 && isValidTimeZone(cookie)) return cookie;
  const own = request.user?.timezone;
  return own && isValidTimeZone(own) ? own : 'UTC';
}

/** Registers GET /groups, answered from `webDist/index.html` with the first results in it. */
export function registerFinderPage(app: FastifyInstance, webDist: string): void {
  const finder = sharedFinderService(app);
  let template: string | undefined;
  const page = () => (template ??= readFileSync(path.join(webDist, 'index.html'), 'utf8'));
  // The finder code (React, the app) loads once, on the first page asked for.
  const renderer = () => import('../../../web/src/features/finder/finder-ssr.tsx');

  app.get('/groups', { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    // Language and zone come from cookies and headers: shared caches must not mix them up.
    reply.header('vary', 'Accept-Encoding, Cookie, Accept-Language');
    const url = new URL(request.url, 'http://localhost');
    const language = pageLanguage(request);
    const zone = pageZone(request);
    const search = canonicalSearch(url.searchParams);
    const query = FinderQuery.safeParse({
      ...Object.fromEntries(search),
      tz: zone,
      locale: language,
      pageSize: String(FINDER_PAGE_SIZE),
    });
    // A filter the finder cannot read: the app shows the finder's own message for it. The
    // map view is drawn by the app alone (Leaflet needs a browser).
    if (!query.success || url.searchParams.get('view') === 'map') return reply.send(page());
    let answer: FinderResponse;
    try {
      answer = JSON.parse(
        (await finder.search(query.data, { zone, locale: language })).body,
      ) as FinderResponse;
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return reply.send(page());
      throw err;
    }
    const { renderFinderPage } = await renderer();
    const rendered = await renderFinderPage(url, {
      search: search.size > 0 ? `?${search.toString()}` : '',
      language,
      zone,
      answer,
      settings: publicSettings(app.settings),
    });
    if (!rendered) return reply.send(page());
    const html = fillPage(page(), rendered.html, rendered.stateScript, language, rendered.title);
    const { body, encoding } = await encoded(html, request.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(body);
  });
}

/** index.html with the rendered app in its root, the state after it and the page's language. */
export function fillPage(
  template: string,
  html: string,
  stateScript: string,
  language: Language,
  title: string,
): string {
  // React puts resource hints (the logo's preload) first: they belong in the head.
  const hints = /^(?:<link [^>]*>)*/.exec(html)?.[0] ?? '';
  return template
    .replace('<html lang="en">', `<html lang="${language}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>${hints}`)
    .replace(
      '<div id="root"></div>',
      () => `<div id="root">${html.slice(hints.length)}</div>${stateScript}`,
    );
}
