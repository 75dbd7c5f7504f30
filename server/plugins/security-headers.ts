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

/**
 * Security headers from helmet, worked out once (and again only when the map's tile
 * origins change) instead of on every request: helmet re-parses its CSP per call, which
 * was a tenth of the CPU of a cheap request.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  config: Config,
  tileOrigins: () => readonly string[],
): void {
  let key = '';
  let headers: Record<string, string> = {};
  const current = () => {
    const origins = tileOrigins();
    const nextKey = origins.join(' ');
    if (nextKey !== key || !headers['content-security-policy']) {
      key = nextKey;
      headers = computeHeaders(helmetOptions(config, origins));
    }
    return headers;
  };
  current();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(current());
    done();
  });
}
