import type { FastifyReply } from 'fastify';
import type { Config } from '../lib/config.ts';

/** `__Host-` (Secure, Path=/, no Domain) whenever we are served over HTTPS. */
export function sessionCookieName(config: Pick<Config, 'publicUrl'>): string {
  return isHttps(config) ? '__Host-iconocast_session' : 'iconocast_session';
}

export const isHttps = (config: Pick<Config, 'publicUrl'>) =>
  config.publicUrl.startsWith('https://');

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(config),
    // A browser-session cookie; the server enforces the idle and absolute time-outs.
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(config),
  });
}
