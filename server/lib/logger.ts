import pino, { type LoggerOptions } from 'pino';

/**
 * Paths pino blanks out wherever they appear. Request bodies are never logged at all;
 * these cover anything that is logged by mistake as an object.
 */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.code',
  '*.secret',
  '*.challenge',
  '*.qrSvg',
  '*.otpauthUrl',
  '*.email',
  'password',
  'token',
  'email',
];

/** A path segment that looks like a secret: long, URL-safe, with capitals or all hex. */
const SECRET_SEGMENT = /^(?=[A-Za-z0-9_-]{32,}$)(?:.*[A-Z].*|[0-9a-f]+)$/;

/**
 * The path of a URL as it may be logged: no query string, and no secret in it. The private
 * calendar URL (`/api/calendar/<token>.ics`) is a key in itself, and any long random
 * segment (a token, a session id) is blanked too, decoded first so `%41…` cannot slip by.
 */
export function loggablePath(url: string): string {
  const raw = url.split('?')[0] ?? '';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    path = raw;
  }
  return path
    .split('/')
    .map((segment, i, all) => {
      if (all[i - 1] === 'calendar' && segment.endsWith('.ics')) return '[redacted].ics';
      return SECRET_SEGMENT.test(segment.replace(/\.\w+$/, '')) ? '[redacted]' : segment;
    })
    .join('/');
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      // Only method, a query-less path without secrets, and the id.
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: loggablePath(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
