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

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      // Only method, a query-less path and the id: query strings can hold tokens.
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
