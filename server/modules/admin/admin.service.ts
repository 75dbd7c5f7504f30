import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { AuditPage } from '../../../contracts/account.ts';
import type {
  AdminUserPage,
  AdminUserQuery,
  AdminUserView,
  AuditQuery,
  AuditVerification,
} from '../../../contracts/admin.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import type { Mailer } from '../../lib/mailer.ts';
import {
  authorize,
  type Actor,
  type PlatformRole,
  type PolicyContext,
} from '../../policies/index.ts';
import { listAuditPage, recordAudit, verifyAuditChain } from '../audit/audit.service.ts';
import { switchOffTwoFactor, tellTwoFactorReset } from '../auth/two-factor.service.ts';
import * as users from '../users/users.service.ts';
import { presentAdminUser } from './admin.presenter.ts';

export interface AdminDeps {
  db: Db;
  clock: Clock;
  policy: PolicyContext;
  /** Ends sessions inside the caller's transaction (the app's SessionService). */
  sessions: { endAll(userId: string, keepSessionId: string | null, db?: DbOrTx): Promise<void> };
  /** For telling a person what an admin changed (e.g. their two-factor was reset). */
  mailer: Mailer;
  log: Pick<FastifyBaseLogger, 'error'>;
  publicUrl: string;
}

/** The actor as the database sees them now, inside the admin-set lock (a concurrent demotion counts). */
async function currentActor(tx: DbOrTx, actor: Actor): Promise<Actor> {
  const me = await users.findUserById(tx, actor.userId);
  if (!me || me.status !== 'active') return { ...actor, role: 'member' };
  return { ...actor, role: me.role, twoFactorEnabled: me.totpEnabledAt !== null };
}

/**
 * Loads the target and everything the admin rules need, under the lock that serialises
 * changes to who is an admin (so two admins cannot demote each other into none left).
 */
async function loadChange(tx: DbOrTx, actor: Actor, id: string) {
  await users.lockAdminSet(tx);
  const target = await users.findUserById(tx, id);
  if (!target) throw notFound('That person');
  const otherActiveAdmins = await users.countOtherActiveAdmins(tx, target.id);
  return { target, otherActiveAdmins, actorNow: await currentActor(tx, actor) };
}

export async function listUsers(
  deps: AdminDeps,
  actor: Actor,
  query: z.infer<typeof AdminUserQuery>,
): Promise<z.infer<typeof AdminUserPage>> {
  authorize(actor, 'admin.users.list', undefined, deps.policy);
  if (query.after && !(await users.findUserById(deps.db, query.after))) {
    throw invalidField('querystring.after', 'Unknown cursor: start again from the first page.');
  }
  const rows = await users.listUsersForAdmin(deps.db, {
    q: query.q || undefined,
    role: query.role,
    status: query.status,
    after: query.after,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    users: page.map(presentAdminUser),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

export async function setRole(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  role: PlatformRole,
): Promise<AdminUserView> {
  return deps.db.transaction(async (tx) => {
    const { target, otherActiveAdmins, actorNow } = await loadChange(tx, actor, id);
    authorize(
      actorNow,
      'admin.users.set_role',
      { target, newRole: role, otherActiveAdmins },
      deps.policy,
    );
    if (target.role === role) return presentAdminUser(target);
    const updated = await update(tx, target.id, { role, updatedAt: deps.clock.now() });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: target.id,
      action: 'user.role_changed',
      resourceType: 'user',
      resourceId: target.id,
      meta: { from: target.role, to: role },
    });
    return presentAdminUser(updated);
  });
}

/**
 * Suspends an account and signs it out everywhere. The reason is not stored: it is free
 * text that may hold personal details, and the audit log keeps only that one was given.
 */
export async function suspend(
  deps: AdminDeps,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<AdminUserView> {
  return deps.db.transaction(async (tx) => {
    const { target, otherActiveAdmins, actorNow } = await loadChange(tx, actor, id);
    authorize(actorNow, 'admin.users.suspend', { target, otherActiveAdmins }, deps.policy);
    if (target.status === 'suspended') return presentAdminUser(target);
    const now = deps.clock.now();
    const updated = await update(tx, target.id, {
      status: 'suspended',
      suspendedAt: now,
      updatedAt: now,
    });
    await deps.sessions.endAll(target.id, null, tx);
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: target.id,
      action: 'user.suspended',
      resourceType: 'user',
      resourceId: target.id,
      meta: { hasReason: Boolean(reason) },
    });
    return presentAdminUser(updated);
  });
}

export async function unsuspend(deps: AdminDeps, actor: Actor, id: string): Promise<AdminUserView> {
  return deps.db.transaction(async (tx) => {
    const { target, otherActiveAdmins, actorNow } = await loadChange(tx, actor, id);
    authorize(actorNow, 'admin.users.unsuspend', { target, otherActiveAdmins }, deps.policy);
    if (target.status !== 'suspended') return presentAdminUser(target);
    const updated = await update(tx, target.id, {
      status: 'active',
      suspendedAt: null,
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: target.id,
      action: 'user.unsuspended',
      resourceType: 'user',
      resourceId: target.id,
    });
    return presentAdminUser(updated);
  });
}

/**
 * Switches off someone's two-step sign-in (they lost their device and their recovery
 * codes): audited with the admin as actor, and the person is told by email.
 */
export async function resetTwoFactor(
  deps: AdminDeps,
  actor: Actor,
  id: string,
): Promise<AdminUserView> {
  const target = await deps.db.transaction(async (tx) => {
    const found = await users.findUserById(tx, id);
    if (!found) throw notFound('That person');
    authorize(
      await currentActor(tx, actor),
      'admin.users.reset_two_factor',
      { target: found },
      deps.policy,
    );
    if (!found.totpEnabledAt && !found.totpSecret) {
      throw conflict('Two-step sign-in is already off for this person.');
    }
    const updated = await switchOffTwoFactor(tx, deps.clock, found.id, {
      actorId: actor.userId,
      action: 'auth.two_factor_reset',
    });
    return updated ?? found;
  });
  await tellTwoFactorReset(deps, target);
  return presentAdminUser(target);
}

async function update(
  tx: DbOrTx,
  id: string,
  patch: Parameters<typeof users.updateUser>[2],
): Promise<UserRow> {
  const row = await users.updateUser(tx, id, patch);
  if (!row) throw notFound('That person');
  return row;
}

/** The whole audit log (ids, actions and small facts only), newest first. */
export async function readAuditLog(
  deps: AdminDeps,
  actor: Actor,
  query: z.infer<typeof AuditQuery>,
): Promise<AuditPage> {
  authorize(actor, 'admin.audit.read', undefined, deps.policy);
  return listAuditPage(deps.db, query, actor.userId);
}

export async function verifyAuditLog(
  deps: AdminDeps,
  actor: Actor,
): Promise<z.infer<typeof AuditVerification>> {
  authorize(actor, 'admin.audit.read', undefined, deps.policy);
  return verifyAuditChain(deps.db);
}
