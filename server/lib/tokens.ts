import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random token for a cookie or an emailed link (256 bits). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What we store for a token: its SHA-256, so the database never holds a usable token. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
