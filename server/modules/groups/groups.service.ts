import type { z } from 'zod';
import type {
  CreateGroupBody,
  FacilitatorList,
  GroupListQuery,
  GroupMemberList,
  GroupPage,
  GroupView,
  JoinRequestList,
  JoinResult,
  MatchBody,
  MatchResponse,
  UpdateGroupBody,
} from '../../../contracts/groups.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import type { Mailer } from '../../lib/mailer.ts';
import {
  authorize,
  can,
  type Actor,
  type GroupContext,
  type PolicyContext,
} from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserById, isUniqueViolation } from '../users/users.repository.ts';
import { joinRequestAnswered } from './groups.emails.ts';
import { matchGroups as rankGroups } from './groups.match.ts';
import {
  placesLeft,
  presentGroup,
  presentGroupSummary,
  presentMember,
  presentRequest,
  presentViewerMembership,
} from './groups.presenter.ts';
import * as repo from './groups.repository.ts';
import type { GroupRow, MembershipRow } from './groups.repository.ts';

export type { GroupRow } from './groups.repository.ts';

export interface GroupsDeps {
  db: Db;
  clock: Clock;
  policy: PolicyContext;
  mailer: Mailer;
  /** The site's public base URL, without a trailing slash. */
  publicUrl: string;
  /** Tells the finder's index (and other instances) after a committed change. */
  directoryChanged: () => void;
  /** Email failures are logged, never turned into a failed request after the commit. */
  logError: (err: unknown, message: string) => void;
}

const GROUP = 'That group';

function contextOf(group: GroupRow, membership: MembershipRow | undefined): GroupContext {
  return {
    groupId: group.id,
    isOpen: group.isOpen,
    actorGroupRole: membership?.status === 'active' ? membership.role : null,
  };
}

/**
 * A group (by id or slug) and the actor's standing in it, as the policies need it.
 * Only an ACTIVE membership counts: requested, left and removed count as none.
 * Throws 404 when there is no such group.
 */
export async function loadGroupContext(
  db: DbOrTx,
  actor: Actor | null,
  groupIdOrSlug: string,
): Promise<{ group: GroupRow; context: GroupContext }> {
  const group = await repo.findGroupByIdOrSlug(db, groupIdOrSlug);
  if (!group) throw notFound(GROUP);
  const membership = actor ? await repo.findMembership(db, group.id, actor.userId) : undefined;
  return { group, context: contextOf(group, membership) };
}

/** Like loadGroupContext, inside a write: the group row is locked until the commit. */
async function lockGroup(tx: DbOrTx, actor: Actor | null, slug: string) {
  const group = await repo.findGroupByIdOrSlug(tx, slug, { forUpdate: true });
  if (!group) throw notFound(GROUP);
  const membership = actor ? await repo.findMembership(tx, group.id, actor.userId) : undefined;
  return { group, membership, context: contextOf(group, membership) };
}

// --- reading -----------------------------------------------------------------------------

export async function listGroups(
  deps: GroupsDeps,
  query: z.output<typeof GroupListQuery>,
): Promise<GroupPage> {
  const { rows, total } = await repo.listGroups(deps.db, {
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return {
    groups: rows.map((g) => presentGroupSummary(g, g.memberCount)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.ceil(total / query.pageSize),
  };
}

async function groupPage(
  deps: GroupsDeps,
  db: DbOrTx,
  actor: Actor | null,
  group: GroupRow,
): Promise<GroupView> {
  const membership = actor ? await repo.findMembership(db, group.id, actor.userId) : undefined;
  const context = contextOf(group, membership);
  return presentGroup({
    group,
    memberCount: await repo.countActiveMembers(db, group.id),
    facilitators: await repo.listFacilitators(db, group.id),
    membership,
    signedIn: actor !== null,
    canManage: can(actor, 'group.update', context, deps.policy),
    canSeeMembers: can(actor, 'group.members.read', context, deps.policy),
    canSeeMeetingDetails: can(actor, 'meeting.details.read', context, deps.policy),
    canManageFacilitators: can(actor, 'group.facilitators.manage', context, deps.policy),
  });
}

/** The public group page; closed groups included (what is members-only is not on it). */
export async function getGroupPage(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
): Promise<GroupView> {
  const group = await repo.findGroupByIdOrSlug(deps.db, slug);
  if (!group) throw notFound(GROUP);
  return groupPage(deps, deps.db, actor, group);
}

/** Active members the actor may see (see the repository for the visibility rules). */
export async function listMembers(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
): Promise<GroupMemberList> {
  const { group, context } = await loadGroupContext(deps.db, actor, slug);
  authorize(actor, 'group.members.read', context, deps.policy);
  const me = actor!;
  const manages = can(me, 'group.update', context, deps.policy);
  const rows = await repo.listVisibleMembers(deps.db, group.id, {
    includeFacilitatorsOnly: manages,
    includeSuspended: manages,
    viewerId: me.userId,
  });
  return { members: rows.map((r) => presentMember(r, me.userId)) };
}

export async function listRequests(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
): Promise<JoinRequestList> {
  const { group, context } = await loadGroupContext(deps.db, actor, slug);
  authorize(actor, 'group.manage', context, deps.policy);
  const rows = await repo.listRequests(deps.db, group.id);
  return { requests: rows.map(presentRequest) };
}

// --- creating and editing ----------------------------------------------------------------

/** Words that name other routes under /api/groups, never used as slugs. */
const RESERVED_SLUGS = new Set(['match', 'new']);

/** A URL-safe slug from a group's name ('Café Martes' → 'cafe-martes'). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' || RESERVED_SLUGS.has(slug) ? `group${slug ? `-${slug}` : ''}` : slug;
}

async function freeSlug(tx: DbOrTx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(await repo.findSlugsLike(tx, base));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Creates a group. A facilitator who creates one facilitates it; an admin chooses the
 * facilitators afterwards.
 */
export async function createGroup(
  deps: GroupsDeps,
  actor: Actor | null,
  body: CreateGroupBody,
): Promise<GroupView> {
  authorize(actor, 'group.create', undefined, deps.policy);
  const me = actor!;
  for (let attempt = 0; ; attempt++) {
    try {
      const view = await deps.db.transaction(async (tx) => {
        const now = deps.clock.now();
        const group = await repo.insertGroup(tx, {
          ...body,
          slug: await freeSlug(tx, body.name),
          createdAt: now,
          updatedAt: now,
        });
        await recordAudit(tx, deps.clock, {
          actorId: me.userId,
          subjectId: null,
          action: 'group.created',
          resourceType: 'group',
          resourceId: group.id,
        });
        if (me.role === 'facilitator') {
          await repo.upsertMembership(tx, {
            groupId: group.id,
            userId: me.userId,
            role: 'facilitator',
            status: 'active',
            createdAt: now,
            updatedAt: now,
          });
          await recordAudit(tx, deps.clock, {
            actorId: me.userId,
            subjectId: me.userId,
            action: 'facilitator.added',
            resourceType: 'group',
            resourceId: group.id,
          });
        }
        return groupPage(deps, tx, me, group);
      });
      deps.directoryChanged();
      return view;
    } catch (err) {
      // Two groups with the same name created at once: the second takes the next slug.
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/** Changes the given fields; the slug stays, so links already shared keep working. */
export async function updateGroup(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  body: UpdateGroupBody,
): Promise<GroupView> {
  const view = await deps.db.transaction(async (tx) => {
    const { group, context } = await lockGroup(tx, actor, slug);
    authorize(actor, 'group.update', context, deps.policy);
    const changed = (Object.keys(body) as (keyof UpdateGroupBody)[]).filter(
      (k) => body[k] !== undefined && JSON.stringify(body[k]) !== JSON.stringify(group[k]),
    );
    if (changed.length === 0) return groupPage(deps, tx, actor, group);
    const updated = await repo.updateGroup(tx, group.id, {
      ...body,
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor!.userId,
      subjectId: null,
      action: 'group.updated',
      resourceType: 'group',
      resourceId: group.id,
      meta: { fields: changed.sort().join(',') },
    });
    return groupPage(deps, tx, actor, updated);
  });
  deps.directoryChanged();
  return view;
}

// --- joining and leaving -----------------------------------------------------------------

/**
 * Joins an open group, or asks to join a closed one (also after a removal, whatever the
 * group). The agreement, when the group has one, must be accepted.
 */
export async function joinGroup(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  body: { acceptAgreement?: boolean },
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
    if (membership?.status === 'requested') return { row: membership, counts: false };
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
      userId: actor!.userId,
      role: 'member',
      status,
      agreementAcceptedAt: hasAgreement ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    return { row, counts: status === 'active' };
  });
  if (result.counts) deps.directoryChanged();
  return { membership: presentViewerMembership(result.row) };
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
    if (membership!.status === 'requested') {
      await repo.deleteMembership(tx, group.id, actor!.userId);
      return { row: undefined, counts: false };
    }
    const row = await repo.updateMembership(tx, group.id, actor!.userId, {
      status: 'left',
      role: 'member',
      updatedAt: deps.clock.now(),
    });
    return { row, counts: true };
  });
  if (result.counts) deps.directoryChanged();
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
        actorId: actor!.userId,
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
      return { status: 'removed' as const, email: false };
    }

    if (
      !target ||
      (target.status !== 'requested' && !(kind === 'approve' && target.status === 'active'))
    ) {
      throw notFound(REQUEST_NOT_FOUND);
    }
    if (kind === 'approve') {
      if (target.status === 'active') return { status: 'active' as const, email: false };
      if (placesLeft(group, await repo.countActiveMembers(tx, group.id)) === 0) {
        throw conflict(
          'This group is full. Raise its capacity, or wait for a place to free up, before approving.',
        );
      }
      await repo.updateMembership(tx, group.id, userId, { status: 'active', updatedAt: now });
      await audit('membership.approved');
      return { status: 'active' as const, email: true };
    }
    await repo.deleteMembership(tx, group.id, userId);
    await audit('membership.declined');
    return { status: 'none' as const, email: true };
  });
  if (result.status !== 'none') deps.directoryChanged();
  if (result.email) await sendAnswered(deps, userId);
  return { userId, status: result.status };
}

async function sendAnswered(deps: GroupsDeps, userId: string): Promise<void> {
  try {
    const person = await findUserById(deps.db, userId);
    if (person?.email && person.status === 'active') {
      await deps.mailer.send(joinRequestAnswered(person.email, deps.publicUrl));
    }
  } catch (err) {
    deps.logError(err, 'could not send the join request answer email');
  }
}

// --- facilitators ------------------------------------------------------------------------

async function facilitatorList(db: DbOrTx, groupId: string): Promise<FacilitatorList> {
  return { facilitators: await repo.listFacilitators(db, groupId) };
}

/** Makes someone a facilitator of the group (admins). They must hold a staff role. */
export async function addFacilitator(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  userId: string,
): Promise<FacilitatorList> {
  const list = await deps.db.transaction(async (tx) => {
    const { group, context } = await lockGroup(tx, actor, slug);
    authorize(actor, 'group.facilitators.manage', context, deps.policy);
    const person = await findUserById(tx, userId);
    if (!person || person.status === 'deleted') throw notFound('That person');
    if (person.status !== 'active') {
      throw conflict('That account is suspended: lift the suspension first.');
    }
    if (person.role !== 'facilitator' && person.role !== 'admin') {
      throw conflict(
        'Only trained facilitators can facilitate a group. Give them the facilitator role first.',
      );
    }
    const existing = await repo.findMembership(tx, group.id, userId);
    if (existing?.status === 'active' && existing.role === 'facilitator') {
      return facilitatorList(tx, group.id);
    }
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
    await recordAudit(tx, deps.clock, {
      actorId: actor!.userId,
      subjectId: userId,
      action: 'facilitator.added',
      resourceType: 'group',
      resourceId: group.id,
    });
    return facilitatorList(tx, group.id);
  });
  deps.directoryChanged();
  return list;
}

/** Stops someone facilitating the group (admins). They stay in it as a member. */
export async function removeFacilitator(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  userId: string,
): Promise<FacilitatorList> {
  const list = await deps.db.transaction(async (tx) => {
    const { group, context } = await lockGroup(tx, actor, slug);
    authorize(actor, 'group.facilitators.manage', context, deps.policy);
    const existing = await repo.findMembership(tx, group.id, userId);
    if (existing?.status !== 'active' || existing.role !== 'facilitator') {
      throw notFound('That facilitator');
    }
    await repo.updateMembership(tx, group.id, userId, {
      role: 'member',
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor!.userId,
      subjectId: userId,
      action: 'facilitator.removed',
      resourceType: 'group',
      resourceId: group.id,
    });
    return facilitatorList(tx, group.id);
  });
  deps.directoryChanged();
  return list;
}

// --- "find my group" ---------------------------------------------------------------------

/** Scores every group for the questionnaire's answers (see groups.match.ts). */
export async function matchGroups(deps: GroupsDeps, answers: MatchBody): Promise<MatchResponse> {
  const rows = await repo.listAllGroupsWithCounts(deps.db);
  const candidates = rows.map((row) => ({ ...presentGroupSummary(row, row.memberCount) }));
  return {
    matches: rankGroups(candidates, answers).map((m) => ({
      group: m.group,
      score: m.score,
      fits: m.fits,
      reasons: m.reasons,
    })),
  };
}
