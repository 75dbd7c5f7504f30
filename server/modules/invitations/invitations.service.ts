import {
  INVITATION_DAYS,
  type AcceptInvitationNewBody,
  type CreateInvitationBody,
  type InvitationAccepted,
  type InvitationList,
  type InvitationPreview,
  type InvitationView,
} from '../../../contracts/invitations.ts';
import type { Me } from '../../../contracts/auth.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { InvitationRow, UserRow } from '../../db/schema/index.ts';
import { AppError, conflict, invalidField, notFound } from '../../lib/errors.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { authorize, type Actor, type InvitationGrant } from '../../policies/index.ts';
import { presentMe } from '../account/account.presenter.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SessionMeta, SessionService } from '../auth/session.service.ts';
import { makeFacilitatorByInvitation } from '../groups/groups.memberships.service.ts';
import { loadGroupContext } from '../groups/groups.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  createAccount,
  findDisplayNames,
  findUserByEmail,
  findUserById,
  prepareAccount,
  updateUser,
} from '../users/users.service.ts';
import { invitationEmail } from './invitations.emails.ts';
import * as repo from './invitations.repository.ts';

export type InvitationsDeps = ServiceDeps & { requireStaffTwoFactor: boolean };

const DAY_MS = 24 * 60 * 60 * 1000;
const INVITATION = 'That invitation';

type GroupRef = { slug: string; name: string } | null;

async function groupRefOf(db: DbOrTx, groupId: string | null): Promise<GroupRef> {
  if (!groupId) return null;
  const { group } = await loadGroupContext(db, null, groupId);
  return { slug: group.slug, name: group.name };
}

/** What the policy needs about an invitation's grant, for this actor. */
async function grantOf(
  db: DbOrTx,
  actor: Actor | null,
  row: Pick<InvitationRow, 'role' | 'groupId'>,
): Promise<InvitationGrant> {
  if (row.role === 'admin' || !row.groupId) return { role: 'admin' };
  const { context } = await loadGroupContext(db, actor, row.groupId);
  return { role: 'facilitator', group: context };
}

async function present(db: DbOrTx, rows: InvitationRow[]): Promise<InvitationView[]> {
  const names = await findDisplayNames(db, [
    ...new Set(rows.map((r) => r.invitedBy).filter((id): id is string => id !== null)),
  ]);
  const groups = new Map<string, GroupRef>();
  for (const id of new Set(rows.map((r) => r.groupId))) {
    if (id) groups.set(id, await groupRefOf(db, id));
  }
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    group: r.groupId ? (groups.get(r.groupId) ?? null) : null,
    invitedBy: r.invitedBy ? (names.get(r.invitedBy) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/**
 * Invites someone by email. A pending invitation for the same address and the same role
 * (and group) is replaced: sending again is how a lost email is resent.
 */
export async function createInvitation(
  deps: InvitationsDeps,
  actor: Actor | null,
  body: CreateInvitationBody,
): Promise<InvitationView> {
  const email = body.email.toLowerCase();
  const { view, token, inviterName, language } = await deps.db.transaction(async (tx) => {
    let groupId: string | null = null;
    let grant: InvitationGrant = { role: 'admin' };
    if (body.role === 'facilitator') {
      const { group, context } = await loadGroupContext(tx, actor, body.groupSlug ?? '');
      groupId = group.id;
      grant = { role: 'facilitator', group: context };
    }
    authorize(actor, 'invitation.create', grant, deps.policy);
    const invitee = await findUserByEmail(tx, email);
    if (body.role === 'admin' && invitee?.role === 'admin') {
      throw invalidField('body.email', 'This person is already an admin.');
    }
    const now = deps.clock.now();
    for (const old of await repo.listPendingInvitations(tx, now, groupId ?? undefined)) {
      if (old.email !== email || old.role !== body.role || old.groupId !== groupId) continue;
      await repo.markRevoked(tx, old.id, actor.userId, now);
      await recordAudit(tx, deps.clock, {
        actorId: actor.userId,
        subjectId: invitee?.id ?? null,
        action: 'invitation.revoked',
        resourceType: 'invitation',
        resourceId: old.id,
        meta: { role: old.role, replaced: true },
      });
    }
    const secret = newToken();
    const row = await repo.insertInvitation(tx, {
      tokenHash: hashToken(secret),
      email,
      role: body.role,
      groupId,
      invitedBy: actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: invitee?.id ?? null,
      action: 'invitation.created',
      resourceType: 'invitation',
      resourceId: row.id,
      meta: { role: row.role, existingAccount: invitee !== undefined },
    });
    const inviter = await findUserById(tx, actor.userId);
    const [presented] = await present(tx, [row]);
    return {
      view: presented!,
      token: secret,
      inviterName: inviter?.displayName ?? 'Someone',
      language: invitee?.locale ?? inviter?.locale ?? null,
    };
  });
  try {
    await deps.mailer.send(
      invitationEmail(email, {
        publicUrl: deps.publicUrl,
        token,
        role: body.role,
        invitedBy: inviterName,
        days: INVITATION_DAYS,
        language,
      }),
    );
  } catch (err) {
    deps.logError(err, 'could not send an invitation email');
  }
  return view;
}

/** Pending invitations: every one (admins), or one group's (those who manage it). */
export async function listInvitations(
  deps: InvitationsDeps,
  actor: Actor | null,
  groupSlug?: string,
): Promise<InvitationList> {
  const loaded = groupSlug ? await loadGroupContext(deps.db, actor, groupSlug) : null;
  authorize(actor, 'invitation.list', { group: loaded?.context ?? null }, deps.policy);
  const rows = await repo.listPendingInvitations(deps.db, deps.clock.now(), loaded?.group.id);
  return { invitations: await present(deps.db, rows) };
}

/** Withdraws a pending invitation: its link stops working at once. */
export async function revokeInvitation(
  deps: InvitationsDeps,
  actor: Actor | null,
  id: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await repo.findInvitationById(tx, id, { forUpdate: true });
    if (!row || row.acceptedAt || row.revokedAt) throw notFound(INVITATION);
    authorize(actor, 'invitation.revoke', await grantOf(tx, actor, row), deps.policy);
    await repo.markRevoked(tx, row.id, actor.userId, deps.clock.now());
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'invitation.revoked',
      resourceType: 'invitation',
      resourceId: row.id,
      meta: { role: row.role, replaced: false },
    });
  });
}

/** The invitation a link names, if it can still be accepted (else the reason, as an error). */
async function findUsable(
  deps: InvitationsDeps,
  db: DbOrTx,
  token: string,
  opts: { forUpdate?: boolean } = {},
): Promise<InvitationRow> {
  const row = await repo.findInvitationByTokenHash(db, hashToken(token.trim()), opts);
  const field = [{ field: 'body.token', message: '' }];
  if (!row) throw notFound(INVITATION);
  if (row.revokedAt) {
    throw new AppError(409, 'invitation_revoked', 'This invitation was withdrawn.', field);
  }
  if (row.acceptedAt) {
    throw new AppError(409, 'invitation_used', 'This invitation was already accepted.', field);
  }
  if (row.expiresAt.getTime() <= deps.clock.now().getTime()) {
    throw new AppError(409, 'invitation_expired', 'This invitation has expired.', field);
  }
  return row;
}

/** What the link's holder sees before accepting: who invited them, to what, and for which address. */
export async function previewInvitation(
  deps: InvitationsDeps,
  token: string,
): Promise<InvitationPreview> {
  const row = await findUsable(deps, deps.db, token);
  const [view] = await present(deps.db, [row]);
  return {
    email: row.email,
    role: row.role,
    group: view!.group,
    invitedBy: view!.invitedBy,
    expiresAt: view!.expiresAt,
    hasAccount: (await findUserByEmail(deps.db, row.email)) !== undefined,
  };
}

/**
 * Grants what the invitation offers to `user` and marks it accepted, audited, in `tx`.
 * A member invited to facilitate also gets the facilitator role; an admin keeps theirs.
 */
async function grant(
  deps: InvitationsDeps,
  tx: DbOrTx,
  row: InvitationRow,
  user: UserRow,
): Promise<InvitationAccepted> {
  const now = deps.clock.now();
  const newRole =
    row.role === 'admin' ? 'admin' : user.role === 'member' ? 'facilitator' : user.role;
  if (newRole !== user.role) await updateUser(tx, user.id, { role: newRole, updatedAt: now });
  if (row.role === 'facilitator' && row.groupId) {
    if (await makeFacilitatorByInvitation(tx, deps.clock, row.groupId, user.id)) {
      await recordAudit(tx, deps.clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'facilitator.added',
        resourceType: 'group',
        resourceId: row.groupId,
        meta: { byInvitation: true },
      });
    }
  }
  await repo.markAccepted(tx, row.id, user.id, now);
  await recordAudit(tx, deps.clock, {
    actorId: user.id,
    subjectId: user.id,
    action: 'invitation.accepted',
    resourceType: 'invitation',
    resourceId: row.id,
    meta: { role: row.role, roleChanged: newRole !== user.role },
  });
  return { role: row.role, group: await groupRefOf(tx, row.groupId) };
}

/** Accepting while signed in: only with the account of the address the link was sent to. */
export async function acceptInvitation(
  deps: InvitationsDeps,
  actor: Actor | null,
  token: string,
): Promise<InvitationAccepted> {
  const result = await deps.db.transaction(async (tx) => {
    const row = await findUsable(deps, tx, token, { forUpdate: true });
    const user = actor ? await findUserById(tx, actor.userId) : undefined;
    const isForActor = !!user?.email && user.email.toLowerCase() === row.email;
    authorize(actor, 'invitation.accept', { isForActor }, deps.policy);
    return grant(deps, tx, row, user!);
  });
  deps.directoryChanged('all');
  return result;
}

/**
 * Accepting by creating the account: the link went to the address, so the account starts
 * with it confirmed, gets what the invitation offers, and is signed in.
 */
export async function acceptInvitationAsNewPerson(
  deps: InvitationsDeps,
  sessions: SessionService,
  body: AcceptInvitationNewBody,
  meta: SessionMeta,
): Promise<{ user: Me; token: string; csrfToken: string; accepted: InvitationAccepted }> {
  const first = await findUsable(deps, deps.db, body.token);
  if (await findUserByEmail(deps.db, first.email)) {
    throw conflict('An account with this email already exists. Sign in to accept the invitation.');
  }
  const account = await prepareAccount({ ...body, email: first.email });
  const result = await deps.db.transaction(async (tx) => {
    const row = await findUsable(deps, tx, body.token, { forUpdate: true });
    const created = await createAccount(tx, account, {
      now: deps.clock.now(),
      role: 'member',
      emailVerified: true,
    });
    await recordAudit(tx, deps.clock, {
      actorId: created.id,
      subjectId: created.id,
      action: 'auth.signed_up',
      resourceType: 'user',
      resourceId: created.id,
      meta: { byInvitation: true },
    });
    const accepted = await grant(deps, tx, row, created);
    const user = (await findUserById(tx, created.id))!;
    const { token, session } = await sessions.create(user.id, meta, tx);
    return {
      user: presentMe(user, { requireStaffTwoFactor: deps.requireStaffTwoFactor }),
      token,
      csrfToken: session.csrfToken,
      accepted,
    };
  });
  deps.directoryChanged('all');
  return result;
}
