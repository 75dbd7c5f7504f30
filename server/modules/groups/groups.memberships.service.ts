import type { FacilitatorList, JoinResult } from '../../../contracts/groups.ts';
import type { DbOrTx } from '../../db/client.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import { authorize, type Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { findUserById } from '../users/users.service.ts';
import { joinRequestAnswered, joinRequestWaiting } from './groups.emails.ts';
import { placesLeft, presentViewerMembership } from './groups.presenter.ts';
import * as repo from './groups.repository.ts';
import { lockGroup, type GroupsDeps } from './groups.service.ts';

/** Who is in a group: joining, leaving, requests to join, removals and facilitators. */

/**
 * Joins an open group, or asks to join a closed one (also after a removal, whatever the
 * group). The agreement, when the group has one, must be accepted.
 */
export async function joinGroup(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  body: { acceptAgreement?: boolean; message?: string },
): Promise<JoinResult> {
  const result = await deps.db.transaction(async (tx) => {
    const { group, membership, context } = await lockGroup(tx, actor, slug);
    const left = placesLeft(group, await repo.countActiveMembers(tx, group.id));
    authorize(
      actor,
      'group.join',
      { ...context, membershipStatus: membership?.status ?? null, isFull: left === 0 },
      deps.policy,
    );
    if (membership?.status === 'requested') {
      return { row: membership, counts: false, groupId: group.id, waiting: null };
    }
    const hasAgreement = group.agreement.trim() !== '';
    if (hasAgreement && body.acceptAgreement !== true) {
      throw invalidField(
        'body.acceptAgreement',
        'Please read the group agreement and accept it to join.',
      );
    }
    const now = deps.clock.now();
    const status = group.isOpen && membership?.status !== 'removed' ? 'active' : 'requested';
    const row = await repo.upsertMembership(tx, {
      groupId: group.id,
      userId: actor.userId,
      role: 'member',
      status,
      agreementAcceptedAt: hasAgreement ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    if (status === 'active') return { row, counts: true, groupId: group.id, waiting: null };
    // The message is for the facilitators' decision; an empty one is none.
    const message = body.message?.trim() || null;
    await repo.insertJoinRequest(tx, {
      groupId: group.id,
      userId: actor.userId,
      message,
      createdAt: now,
    });
    return {
      row,
      counts: false,
      groupId: group.id,
      waiting: { groupId: group.id, hasMessage: message !== null },
    };
  });
  if (result.counts) deps.directoryChanged({ groups: [result.groupId] });
  if (result.waiting) await sendWaiting(deps, result.waiting.groupId, result.waiting.hasMessage);
  return { membership: presentViewerMembership(result.row) };
}

/**
 * Tells the group's facilitators a request is waiting (and whether a message is), pointing
 * to their home page: never the group, the person or what they wrote, which may be about
 * their health.
 */
async function sendWaiting(deps: GroupsDeps, groupId: string, hasMessage: boolean): Promise<void> {
  try {
    for (const { userId } of await repo.listFacilitators(deps.db, groupId)) {
      const person = await findUserById(deps.db, userId);
      if (person?.email && person.status === 'active') {
        await deps.mailer.send(
          joinRequestWaiting(person.email, deps.publicUrl, person.locale, hasMessage),
        );
      }
    }
  } catch (err) {
    deps.logError(err, 'could not tell the facilitators about a request to join');
  }
}

/** Leaves a group, or withdraws a request to join. A facilitator leaving stops facilitating. */
export async function leaveGroup(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
): Promise<JoinResult> {
  const result = await deps.db.transaction(async (tx) => {
    const { group, membership, context } = await lockGroup(tx, actor, slug);
    authorize(
      actor,
      'group.leave',
      { ...context, membershipStatus: membership?.status ?? null },
      deps.policy,
    );
    if (membership?.status === 'requested') {
      await repo.deleteMembership(tx, group.id, actor.userId);
      await repo.deleteWaitingJoinRequest(tx, group.id, actor.userId);
      return { row: undefined, counts: false, groupId: group.id };
    }
    const row = await repo.updateMembership(tx, group.id, actor.userId, {
      status: 'left',
      role: 'member',
      updatedAt: deps.clock.now(),
    });
    return { row, counts: true, groupId: group.id };
  });
  if (result.counts) deps.directoryChanged({ groups: [result.groupId] });
  return { membership: presentViewerMembership(result.row) };
}

// --- decisions about members -------------------------------------------------------------

export type MembershipDecisionKind = 'approve' | 'decline' | 'remove';

const REQUEST_NOT_FOUND = 'That request to join';

/**
 * Approves or declines a request to join, or removes a member. A declined request is
 * deleted (the person may ask again); a removed member stays recorded as removed, and
 * their next request to join always waits for a facilitator.
 */
export async function decideMembership(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  userId: string,
  kind: MembershipDecisionKind,
): Promise<{ userId: string; status: 'active' | 'removed' | 'none' }> {
  const result = await deps.db.transaction(async (tx) => {
    const { group, context } = await lockGroup(tx, actor, slug);
    // Outsiders learn nothing about who asked to join.
    authorize(actor, 'group.manage', context, deps.policy);
    const target = await repo.findMembership(tx, group.id, userId);
    authorize(
      actor,
      'group.membership.decide',
      { ...context, targetRole: target?.role ?? 'member' },
      deps.policy,
    );
    const now = deps.clock.now();
    const audit = (action: string) =>
      recordAudit(tx, deps.clock, {
        actorId: actor.userId,
        subjectId: userId,
        action,
        resourceType: 'group',
        resourceId: group.id,
      });

    if (kind === 'remove') {
      if (target?.status !== 'active') throw notFound('That member');
      await repo.updateMembership(tx, group.id, userId, {
        status: 'removed',
        role: 'member',
        updatedAt: now,
      });
      await audit('membership.removed');
      return { status: 'removed' as const, email: false, groupId: group.id, groupSlug: group.slug };
    }

    if (
      !target ||
      (target.status !== 'requested' && !(kind === 'approve' && target.status === 'active'))
    ) {
      throw notFound(REQUEST_NOT_FOUND);
    }
    if (kind === 'approve') {
      if (target.status === 'active') {
        return {
          status: 'active' as const,
          email: false,
          groupId: group.id,
          groupSlug: group.slug,
        };
      }
      if (placesLeft(group, await repo.countActiveMembers(tx, group.id)) === 0) {
        throw conflict(
          'This group is full. Raise its capacity, or wait for a place to free up, before approving.',
        );
      }
      await repo.updateMembership(tx, group.id, userId, { status: 'active', updatedAt: now });
      await repo.answerJoinRequest(tx, {
        groupId: group.id,
        userId,
        answer: 'approved',
        answeredAt: now,
        requestedAt: target.createdAt,
      });
      await audit('membership.approved');
      return { status: 'active' as const, email: true, groupId: group.id, groupSlug: group.slug };
    }
    await repo.deleteMembership(tx, group.id, userId);
    await repo.answerJoinRequest(tx, {
      groupId: group.id,
      userId,
      answer: 'declined',
      answeredAt: now,
      requestedAt: target.createdAt,
    });
    await audit('membership.declined');
    return { status: 'none' as const, email: true, groupId: group.id, groupSlug: group.slug };
  });
  if (result.status !== 'none') deps.directoryChanged({ groups: [result.groupId] });
  if (result.email) {
    await sendAnswered(deps, userId);
    // The inbox entry (its email is off by default: the email above already says it).
    await notify(deps, userId, 'join_request_answered', {
      groupSlug: result.groupSlug,
      approved: result.status === 'active',
    }).catch((err: unknown) => deps.logError(err, 'could not add the join answer to the inbox'));
  }
  return { userId, status: result.status };
}

async function sendAnswered(deps: GroupsDeps, userId: string): Promise<void> {
  try {
    const person = await findUserById(deps.db, userId);
    if (person?.email && person.status === 'active') {
      await deps.mailer.send(joinRequestAnswered(person.email, deps.publicUrl, person.locale));
    }
  } catch (err) {
    deps.logError(err, 'could not send the join request answer email');
  }
}

// --- facilitators ------------------------------------------------------------------------

async function facilitatorList(db: DbOrTx, groupId: string): Promise<FacilitatorList> {
  return { facilitators: await repo.listFacilitators(db, groupId) };
}

/**
 * One change to a group's facilitators (admins), in a transaction on the locked group: `change`
 * answers whether it changed anything, and only then is it audited as `action` about `userId`.
 * Answers the new list and tells the directory.
 */
async function changeFacilitators(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  audit: { action: 'facilitator.added' | 'facilitator.removed'; userId: string },
  change: (tx: DbOrTx, locked: Awaited<ReturnType<typeof lockGroup>>) => Promise<boolean>,
): Promise<FacilitatorList> {
  const list = await deps.db.transaction(async (tx) => {
    const locked = await lockGroup(tx, actor, slug);
    authorize(actor, 'group.facilitators.manage', locked.context, deps.policy);
    if (await change(tx, locked)) {
      await recordAudit(tx, deps.clock, {
        actorId: actor.userId,
        subjectId: audit.userId,
        action: audit.action,
        resourceType: 'group',
        resourceId: locked.group.id,
      });
    }
    return { list: await facilitatorList(tx, locked.group.id), groupId: locked.group.id };
  });
  deps.directoryChanged({ groups: [list.groupId] });
  return list.list;
}

/** Makes someone a facilitator of the group (admins). They must hold a staff role. */
export async function addFacilitator(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  userId: string,
): Promise<FacilitatorList> {
  const audit = { action: 'facilitator.added', userId } as const;
  return changeFacilitators(deps, actor, slug, audit, async (tx, { group, context }) => {
    const person = await findUserById(tx, userId);
    authorize(
      actor,
      'group.facilitators.add',
      { group: context, candidate: person ? { role: person.role, status: person.status } : null },
      deps.policy,
    );
    const existing = await repo.findMembership(tx, group.id, userId);
    if (existing?.status === 'active' && existing.role === 'facilitator') return false;
    const now = deps.clock.now();
    await repo.upsertMembership(tx, {
      groupId: group.id,
      userId,
      role: 'facilitator',
      status: 'active',
      agreementAcceptedAt: existing?.agreementAcceptedAt ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return true;
  });
}

/** Stops someone facilitating the group (admins). They stay in it as a member. */
export async function removeFacilitator(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  userId: string,
): Promise<FacilitatorList> {
  const audit = { action: 'facilitator.removed', userId } as const;
  return changeFacilitators(deps, actor, slug, audit, async (tx, { group }) => {
    const existing = await repo.findMembership(tx, group.id, userId);
    if (existing?.status !== 'active' || existing.role !== 'facilitator') {
      throw notFound('That facilitator');
    }
    await repo.updateMembership(tx, group.id, userId, {
      role: 'member',
      updatedAt: deps.clock.now(),
    });
    return true;
  });
}

/**
 * Makes someone a facilitator of the group inside the caller's transaction, for an accepted
 * invitation (authorized when it was sent; the caller audits and tells the directory).
 * Answers whether it changed anything.
 */
export async function makeFacilitatorByInvitation(
  tx: DbOrTx,
  clock: GroupsDeps['clock'],
  groupId: string,
  userId: string,
): Promise<boolean> {
  const existing = await repo.findMembership(tx, groupId, userId);
  if (existing?.status === 'active' && existing.role === 'facilitator') return false;
  const now = clock.now();
  await repo.upsertMembership(tx, {
    groupId,
    userId,
    role: 'facilitator',
    status: 'active',
    agreementAcceptedAt: existing?.agreementAcceptedAt ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return true;
}
