import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CheckYourEmail,
  Me,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SessionList,
  SessionState,
  SignInBody,
  SignInResult,
  SignInLinkBody,
  SignInLinkRequestBody,
  SignUpBody,
  RecoveryCodes,
  RecoveryCodesBody,
  TwoFactorDisableBody,
  TwoFactorEnableBody,
  TwoFactorEnabled,
  TwoFactorSetup,
  TwoFactorSignInBody,
} from '../../../contracts/auth.ts';
import { requireActor } from '../../plugins/actor.ts';
import { markAnswersPersonal } from '../../plugins/no-store.ts';
import { clearSessionCookie, setSessionCookie } from '../../plugins/session-cookie.ts';
import { createAuthLimits, routeLimits } from './auth.limits.ts';
import { errors, NoContent, SessionIdParams, SignedIn } from './auth.schema.ts';
import { AuthService, type SignInOutcome } from './auth.service.ts';
import { EmailLinkService } from './email-links.service.ts';
import { TwoFactorService } from './two-factor.service.ts';
import type { SessionMeta } from './session.service.ts';

const tags = ['auth'];
const signedIn = [{ session: [], csrf: [] }];

const metaOf = (request: FastifyRequest): SessionMeta => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

const RESET_REQUESTED =
  'If an account uses that email, we have sent it a link to reset the password. The link works for one hour.';
const SIGN_UP_REQUESTED =
  'Check your email: we have sent a message to that address. If it is new to us, the link in it finishes creating your account and works for 24 hours.';
const LINK_REQUESTED =
  'If an account uses that email, we have sent it a link to sign in. The link works once, for 15 minutes.';

/** Sign-up, sign-in, two-factor, password reset and session management, under /api/auth. */
export async function authRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, database, clock, mailer, redis } = app.deps;
  // This plugin runs once per app, so each app (and each test app) has its own counters.
  const deps = {
    db: database.db,
    clock,
    config,
    mailer,
    sessions: app.sessions,
    limits: createAuthLimits(config, redis),
    log: app.log,
    tasks: app.backgroundTasks,
  };
  const twoFactor = new TwoFactorService(deps);
  const auth = new AuthService(deps, twoFactor);
  const links = new EmailLinkService(deps, auth);
  /** A session sets the cookie; two-factor on answers the challenge instead. */
  const answerSignIn = (outcome: SignInOutcome, reply: FastifyReply) => {
    if (outcome.kind === 'two_factor') {
      return { twoFactorRequired: true as const, challenge: outcome.challenge };
    }
    setSessionCookie(reply, config, outcome.token);
    return { user: outcome.user, csrfToken: outcome.csrfToken };
  };
  // Sessions, devices, challenges and secrets: no browser or proxy may keep a copy.
  markAnswersPersonal(app);

  app.post(
    '/sign-up',
    {
      schema: {
        tags,
        summary: 'Create a member account; an emailed link finishes it and signs in',
        description:
          'Always answers 202 with the same body, whether or not the email already has an account (its owner is told by email instead).',
        body: SignUpBody,
        response: { 202: CheckYourEmail, ...errors(400, 403, 429) },
      },
      config: { rateLimit: routeLimits.signUp },
    },
    async (request, reply) => {
      await auth.signUp(request.body, metaOf(request));
      return reply.code(202).send({ message: SIGN_UP_REQUESTED });
    },
  );

  app.post(
    '/sign-in',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Answers a new session, or `twoFactorRequired` with a one-time challenge for POST /two-factor.',
        body: SignInBody,
        response: { 200: SignInResult, ...errors(400, 401, 403, 429) },
      },
      config: { rateLimit: routeLimits.signIn },
    },
    async (request, reply) =>
      answerSignIn(
        await auth.signIn(request.body, metaOf(request), request.session?.id ?? null),
        reply,
      ),
  );

  app.post(
    '/sign-in-link/request',
    {
      schema: {
        tags,
        summary: 'Email a one-time sign-in link (works for 15 minutes)',
        description: 'Always answers 202 with the same body, whether or not the account exists.',
        body: SignInLinkRequestBody,
        response: { 202: CheckYourEmail, ...errors(400, 403, 429) },
      },
      config: { rateLimit: routeLimits.signInLink },
    },
    async (request, reply) => {
      await links.requestSignInLink(request.body.email, request.ip ?? null);
      return reply.code(202).send({ message: LINK_REQUESTED });
    },
  );

  app.post(
    '/sign-in-link',
    {
      schema: {
        tags,
        summary: 'Sign in with an emailed link (also finishes a sign-up)',
        description:
          'Answers a new session, or `twoFactorRequired` with a one-time challenge for POST /two-factor.',
        body: SignInLinkBody,
        response: { 200: SignInResult, ...errors(400, 403, 429) },
      },
      config: { rateLimit: routeLimits.signInLink },
    },
    async (request, reply) =>
      answerSignIn(
        await links.signInWithLink(
          request.body.token,
          metaOf(request),
          request.session?.id ?? null,
        ),
        reply,
      ),
  );

  app.post(
    '/two-factor',
    {
      schema: {
        tags,
        summary: 'Finish signing in with a code from the authenticator app or a recovery code',
        body: TwoFactorSignInBody,
        response: { 200: SignedIn, ...errors(400, 401, 403, 429) },
      },
      config: { rateLimit: routeLimits.twoFactor },
    },
    async (request, reply) => {
      const started = await auth.completeTwoFactor(
        request.body,
        metaOf(request),
        request.session?.id ?? null,
      );
      setSessionCookie(reply, config, started.token);
      return { user: started.user, csrfToken: started.csrfToken };
    },
  );

  app.post(
    '/sign-out',
    {
      schema: {
        tags,
        summary: 'End this session',
        security: signedIn,
        response: { 204: NoContent, ...errors(400, 403) },
      },
    },
    async (request, reply) => {
      await auth.signOut(request.session?.id ?? null);
      clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags,
        summary: 'Who is signed in (if anyone), the CSRF token, and whether setup is needed',
        response: { 200: SessionState, ...errors(429) },
      },
    },
    async (request) => auth.sessionState(request.actor, request.session),
  );

  app.post(
    '/password-reset/request',
    {
      schema: {
        tags,
        summary: 'Email a password-reset link',
        description: 'Always answers 202 with the same body, whether or not the account exists.',
        body: PasswordResetRequestBody,
        response: { 202: CheckYourEmail, ...errors(400, 403, 429) },
      },
      config: { rateLimit: routeLimits.resetRequest },
    },
    async (request, reply) => {
      await links.requestPasswordReset(request.body.email, request.ip ?? null);
      return reply.code(202).send({ message: RESET_REQUESTED });
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password from an emailed link; signs out every device',
        body: PasswordResetConfirmBody,
        response: { 204: NoContent, ...errors(400, 403, 429) },
      },
      config: { rateLimit: routeLimits.resetConfirm },
    },
    async (request, reply) => {
      await links.confirmPasswordReset(request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'My signed-in devices',
        security: signedIn,
        response: { 200: SessionList, ...errors(401) },
      },
    },
    async (request) => ({ sessions: await auth.listSessions(requireActor(request)) }),
  );

  app.delete(
    '/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Sign out one of my devices',
        security: signedIn,
        params: SessionIdParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await auth.revokeSession(actor, request.params.id);
      if (request.params.id === actor.sessionId) clearSessionCookie(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/sessions/revoke-others',
    {
      schema: {
        tags,
        summary: 'Sign out every device but this one',
        security: signedIn,
        response: { 204: NoContent, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await auth.revokeOtherSessions(requireActor(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/two-factor/setup',
    {
      schema: {
        tags,
        summary: 'Start setting up two-step sign-in: a new secret and its QR code',
        security: signedIn,
        response: { 200: TwoFactorSetup, ...errors(400, 401, 403, 409) },
      },
      config: { rateLimit: routeLimits.twoFactorManage },
    },
    async (request) => twoFactor.setup(requireActor(request)),
  );

  app.post(
    '/two-factor/enable',
    {
      schema: {
        tags,
        summary: 'Turn on two-step sign-in (password and a code from the new secret)',
        description: 'Answers 10 single-use recovery codes, shown this once.',
        security: signedIn,
        body: TwoFactorEnableBody,
        response: { 200: TwoFactorEnabled, ...errors(400, 401, 403, 409, 429) },
      },
      config: { rateLimit: routeLimits.twoFactorManage },
    },
    async (request) => twoFactor.enable(requireActor(request), request.body, request.ip ?? null),
  );

  app.post(
    '/two-factor/recovery-codes',
    {
      schema: {
        tags,
        summary: 'New recovery codes (password needed); the old ones stop working',
        security: signedIn,
        body: RecoveryCodesBody,
        response: { 200: RecoveryCodes, ...errors(400, 401, 403, 409, 429) },
      },
      config: { rateLimit: routeLimits.twoFactorManage },
    },
    async (request) => ({
      recoveryCodes: await twoFactor.regenerateRecoveryCodes(
        requireActor(request),
        request.body.password,
        request.ip ?? null,
      ),
    }),
  );

  app.post(
    '/two-factor/disable',
    {
      schema: {
        tags,
        summary: 'Turn off two-step sign-in (password and a current code)',
        security: signedIn,
        body: TwoFactorDisableBody,
        response: { 200: Me, ...errors(400, 401, 403, 409, 429) },
      },
      config: { rateLimit: routeLimits.twoFactorManage },
    },
    async (request) => twoFactor.disable(requireActor(request), request.body, request.ip ?? null),
  );
}
