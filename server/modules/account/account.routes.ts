import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AuditPage,
  ChangeEmailBody,
  ChangePasswordBody,
  ConfirmEmailBody,
  DeleteAccountBody,
  UpdateAccountBody,
} from '../../../contracts/account.ts';
import { Me } from '../../../contracts/auth.ts';
import { ErrorBody } from '../../../contracts/common.ts';
import { markAnswersPersonal } from '../../plugins/no-store.ts';
import { requireActor } from '../../plugins/actor.ts';
import { clearSessionCookie } from '../../plugins/session-cookie.ts';
import {
  accountErrors,
  AuditPageQuery,
  EmailChangeAccepted,
  ExportDocumentSchema,
  NoContent,
} from './account.schema.ts';
import { AccountService } from './account.service.ts';

const tags = ['account'];
const security = [{ session: [], csrf: [] }];

/** Counts per account (the actor is resolved before the limiter runs), else per address. */
const perAccount = (req: FastifyRequest) => (req.user ? `account:${req.user.id}` : req.ip);

/** Routes that check a password: limited, so a stolen session cannot guess it. */
const passwordGuessLimit = {
  rateLimit: { max: 20, timeWindow: '15 minutes', keyGenerator: perAccount },
};

/** /api/account: the signed-in person's own profile, email, password, data and deletion. */
export async function accountRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config } = app.deps;
  const account = new AccountService(app.deps, app.sessions, app.log, app.backgroundTasks);

  // Everything here is personal: no browser or proxy may keep a copy.
  markAnswersPersonal(app);

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Who I am',
        response: { 200: Me, 401: ErrorBody },
      },
    },
    async (request) => account.me(requireActor(request)),
  );

  app.patch(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Change my profile and privacy settings',
        body: UpdateAccountBody,
        response: { 200: Me, ...accountErrors },
      },
    },
    async (request) => account.update(requireActor(request), request.body),
  );

  app.post(
    '/email',
    {
      schema: {
        tags,
        security,
        summary: 'Ask to change my email address (a link goes to the new one)',
        body: ChangeEmailBody,
        response: { 202: EmailChangeAccepted, ...accountErrors, 409: ErrorBody },
      },
      config: passwordGuessLimit,
    },
    async (request, reply) => {
      const result = await account.requestEmailChange(requireActor(request), request.body);
      return reply.code(202).send(result);
    },
  );

  app.post(
    '/email/verify',
    {
      schema: {
        tags,
        security,
        summary: 'Email me a link that confirms the address my account uses (if unconfirmed)',
        response: { 202: EmailChangeAccepted, ...accountErrors, 409: ErrorBody, 429: ErrorBody },
      },
      config: { rateLimit: { max: 5, timeWindow: '1 hour', keyGenerator: perAccount } },
    },
    async (request, reply) =>
      reply.code(202).send(await account.requestEmailConfirmation(requireActor(request))),
  );

  app.post(
    '/email/confirm',
    {
      schema: {
        tags,
        security,
        summary: 'Confirm a new email address with the emailed token',
        body: ConfirmEmailBody,
        response: { 200: Me, ...accountErrors, 409: ErrorBody },
      },
    },
    async (request) => account.confirmEmailChange(requireActor(request), request.body.token),
  );

  app.post(
    '/password',
    {
      schema: {
        tags,
        security,
        summary: 'Change my password (signs out my other devices)',
        body: ChangePasswordBody,
        response: { 204: NoContent, ...accountErrors },
      },
      config: passwordGuessLimit,
    },
    async (request, reply) => {
      await account.changePassword(requireActor(request), request.body);
      return reply.code(204).send();
    },
  );

  app.get(
    '/export',
    {
      schema: {
        tags,
        security,
        summary: 'Download everything Iconocast holds about me',
        response: { 200: ExportDocumentSchema, 401: ErrorBody },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 hour', keyGenerator: perAccount } },
    },
    async (request, reply) => {
      const { document, filename } = await account.exportData(requireActor(request));
      return reply
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(document);
    },
  );

  app.delete(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Delete my account and my personal data',
        body: DeleteAccountBody,
        response: { 204: NoContent, ...accountErrors, 409: ErrorBody },
      },
      config: passwordGuessLimit,
    },
    async (request, reply) => {
      await account.deleteAccount(requireActor(request), request.body);
      clearSessionCookie(reply, config);
      return reply.code(204).send();
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        tags,
        security,
        summary: 'Who read or changed my records, newest first',
        querystring: AuditPageQuery,
        response: { 200: AuditPage, ...accountErrors },
      },
    },
    async (request) => account.auditPage(requireActor(request), request.query),
  );
}
