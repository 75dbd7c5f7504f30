import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../lib/config.ts';

/** helmet's options for our pages: a strict CSP naming only our own origin (plus map tiles). */
function helmetOptions(config: Config, tileOrigins: readonly string[]): HelmetOptions {
  const https = config.publicUrl.startsWith('https://');
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The map's tile server, when an admin set one.
        imgSrc: ["'self'", 'data:', ...tileOrigins],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  };
}

/** Runs helmet once against a stand-in response and keeps the headers it set. */
function computeHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  helmet(options)({} as IncomingMessage, res, () => {});
  return headers;
}

/** Headers every response carries: no MIME sniffing, and no reading by other sites' pages. */
const EVERYWHERE = new Set(['x-content-type-options', 'cross-origin-resource-policy']);

/**
 * A response a browser may show as a page (and run scripts in): HTML, and SVG opened directly.
 * Only these need the page policies (CSP, framing, referrer, HSTS, opener isolation).
 */
export function isDocument(contentType: unknown): boolean {
  const type = String(contentType ?? '').toLowerCase();
  return type.startsWith('text/html') || type.startsWith('image/svg+xml');
}

/**
 * Security headers from helmet, worked out once (and again only when the map's tile
 * origins change) instead of on every request: helmet re-parses its CSP per call, which
 * was a tenth of the CPU of a cheap request.
 *
 * Pages get them all; scripts, stylesheets, images and API answers only the two that protect
 * a response that is not a page (nosniff, Cross-Origin-Resource-Policy): the CSP and the rest
 * were about 1 KB repeated on each of a page's requests and do nothing there
 * (docs/security.md). A header a route set itself (the API docs' CSP, the Meeting Guide
 * feed's cross-origin CORP) is kept.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  config: Config,
  tileOrigins: () => readonly string[],
): void {
  let key = '';
  let documentHeaders: [string, string][] = [];
  let otherHeaders: [string, string][] = [];
  const current = (document: boolean) => {
    const origins = tileOrigins();
    const nextKey = origins.join(' ');
    if (nextKey !== key || documentHeaders.length === 0) {
      key = nextKey;
      documentHeaders = Object.entries(computeHeaders(helmetOptions(config, origins)));
      otherHeaders = documentHeaders.filter(([name]) => EVERYWHERE.has(name));
    }
    return document ? documentHeaders : otherHeaders;
  };
  current(true);
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of current(isDocument(reply.getHeader('content-type')))) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    done(null, payload);
  });
}
