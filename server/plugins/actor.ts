import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unauthenticated } from '../lib/errors.ts';
import { safeEqual } from '../lib/tokens.ts';
import type { SessionRow } from '../db/schema/index.ts';
import type { SessionUser } from '../modules/auth/session.service.ts';
import { actorFromUser, type Actor } from '../policies/actor.ts';
import { sessionCookieName } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionRow | null;
    /** What requests need of the signed-in person (never a users row); null when signed out. */
    user: SessionUser | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/**
 * Builds the actor from the session cookie and enforces CSRF: a signed-in state-changing
 * request must carry the session's token in `x-csrf-token`; any other state-changing
 * request, whatever its path, must not come from another origin.
 */
export function registerActor(app: FastifyInstance): void {
  const { config } = app.deps;
  const cookieName = sessionCookieName(config);
  const ownOrigin = new URL(config.publicUrl).origin;

  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (request) => {
    // The routed path, not the raw URL: `/%61pi/…` reaches the same routes as `/api/…`.
    const isApi = request.routeOptions.url?.startsWith('/api/') ?? false;
    const token = isApi ? request.cookies[cookieName] : undefined;
    if (token) {
      const resolved = await app.sessions.resolve(token);
      if (resolved) {
        request.session = resolved.session;
        request.user = resolved.user;
        request.actor = actorFromUser(resolved.user, resolved.session.id);
      }
    }
    if (SAFE_METHODS.has(request.method)) return;
    if (request.session) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, request.session.csrfToken)) {
        throw new AppError(
          403,
          'csrf_failed',
          'This request could not be verified. Reload the page and try again.',
        );
      }
      return;
    }
    const origin = request.headers.origin;
    if (origin && origin !== ownOrigin && origin !== `${request.protocol}://${request.host}`) {
      throw new AppError(403, 'csrf_failed', 'Requests from other sites are not accepted.');
    }
  });
}
