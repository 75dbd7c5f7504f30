import { errorResponses } from '../../../contracts/common.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditPage } from '../../../contracts/account.ts';
import {
  AdminUserPage,
  AdminUserQuery,
  AdminUserView,
  AuditQuery,
  AuditVerification,
  SetRoleBody,
  SuspendBody,
  UserIdParams,
} from '../../../contracts/admin.ts';
import { requireActor } from '../../plugins/actor.ts';
import { markAnswersPersonal } from '../../plugins/no-store.ts';
import { adminGate, policyContext } from '../../policies/index.ts';
import * as admin from './admin.service.ts';

const tags = ['admin'];
const readSecurity = [{ session: [] }];
const writeSecurity = [{ session: [], csrf: [] }];

/**
 * /api/admin: people and the audit log. Every request must come from an admin (403 for
 * anyone else signed in; the admin area is documented, so its existence is no secret)
 * with two-factor on when the organisation requires it. The gate runs before validation,
 * so non-admins learn nothing about the admin endpoints' inputs.
 */
export async function adminRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config, database, clock } = app.deps;
  const deps: admin.AdminDeps = {
    db: database.db,
    clock,
    policy: policyContext(config),
    sessions: app.sessions,
    mailer: app.deps.mailer,
    log: app.log,
    publicUrl: config.publicUrl,
  };

  // People, roles and the audit log: no browser or proxy may keep a copy.
  markAnswersPersonal(app);
  app.addHook('preValidation', adminGate(deps.policy));

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List people (search, filter by role and status, newest first)',
        security: readSecurity,
        querystring: AdminUserQuery,
        response: { 200: AdminUserPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => admin.listUsers(deps, requireActor(request), request.query),
  );

  app.post(
    '/users/:id/role',
    {
      schema: {
        tags,
        summary: "Change a person's platform role",
        security: writeSecurity,
        params: UserIdParams,
        body: SetRoleBody,
        response: { 200: AdminUserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      admin.setRole(deps, requireActor(request), request.params.id, request.body.role),
  );

  app.post(
    '/users/:id/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend an account and sign it out everywhere (the reason is not stored)',
        security: writeSecurity,
        params: UserIdParams,
        body: SuspendBody,
        response: { 200: AdminUserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      admin.suspend(deps, requireActor(request), request.params.id, request.body.reason),
  );

  app.post(
    '/users/:id/unsuspend',
    {
      schema: {
        tags,
        summary: 'Lift a suspension',
        security: writeSecurity,
        params: UserIdParams,
        response: { 200: AdminUserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => admin.unsuspend(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/users/:id/two-factor/reset',
    {
      schema: {
        tags,
        summary: "Switch off a person's two-step sign-in (lost device and codes); they are emailed",
        security: writeSecurity,
        params: UserIdParams,
        response: { 200: AdminUserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => admin.resetTwoFactor(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Read the audit log, newest first',
        security: readSecurity,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => admin.readAuditLog(deps, requireActor(request), request.query),
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags,
        summary: 'Check the audit chain for edited or removed rows',
        security: readSecurity,
        response: { 200: AuditVerification, ...errorResponses(401, 403) },
      },
    },
    async (request) => admin.verifyAuditLog(deps, requireActor(request)),
  );
}
