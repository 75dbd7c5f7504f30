import type { z } from 'zod';
import type {
  CreateGroupBody,
  GroupListQuery,
  GroupMemberList,
  GroupPage,
  GroupView,
  JoinRequestList,
  MatchBody,
  MatchResponse,
  UpdateGroupBody,
} from '../../../contracts/groups.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import {
  authorize,
  can,
  groupContextOf,
  type Actor,
  type GroupContext,
} from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { retryOnUniqueViolation } from '../../lib/db-errors.ts';
import { freeSlug, slugify } from '../../lib/slugs.ts';
import { matchGroups as rankGroups } from './groups.match.ts';
import {
  presentGroup,
  presentGroupSummary,
  presentMember,
  presentRequest,
} from './groups.presenter.ts';
import * as repo from './groups.repository.ts';
import type { GroupRow } from './groups.repository.ts';

export type { GroupRow } from './groups.repository.ts';

export type GroupsDeps = ServiceDeps;

const GROUP = 'That group';

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
  return { group, context: groupContextOf(group, membership) };
}

/** Like loadGroupContext, inside a write: the group row is locked until the commit. */
export async function lockGroup(tx: DbOrTx, actor: Actor | null, slug: string) {
  const group = await repo.findGroupByIdOrSlug(tx, slug, { forUpdate: true });
  if (!group) throw notFound(GROUP);
  const membership = actor ? await repo.findMembership(tx, group.id, actor.userId) : undefined;
  return { group, membership, context: groupContextOf(group, membership) };
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
  const context = groupContextOf(group, membership);
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
  const manages = can(actor, 'group.update', context, deps.policy);
  const rows = await repo.listVisibleMembers(deps.db, group.id, {
    includeFacilitatorsOnly: manages,
    includeSuspended: manages,
    viewerId: actor.userId,
  });
  return { members: rows.map((r) => presentMember(r, actor.userId)) };
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

/** A URL-safe slug from a group's name ('Café Martes' → 'cafe-martes'), never a reserved word. */
export function groupSlug(name: string): string {
  const slug = slugify(name, '');
  return slug === '' || RESERVED_SLUGS.has(slug) ? `group${slug ? `-${slug}` : ''}` : slug;
}

async function freeGroupSlug(tx: DbOrTx, name: string): Promise<string> {
  const base = groupSlug(name);
  return freeSlug(base, await repo.findSlugsLike(tx, base));
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
  // Two groups with the same name created at once: the second takes the next slug.
  const view = await retryOnUniqueViolation(3, () =>
    deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const group = await repo.insertGroup(tx, {
        ...body,
        slug: await freeGroupSlug(tx, body.name),
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(tx, deps.clock, {
        actorId: actor.userId,
        subjectId: null,
        action: 'group.created',
        resourceType: 'group',
        resourceId: group.id,
      });
      if (actor.role === 'facilitator') {
        await repo.upsertMembership(tx, {
          groupId: group.id,
          userId: actor.userId,
          role: 'facilitator',
          status: 'active',
          createdAt: now,
          updatedAt: now,
        });
        await recordAudit(tx, deps.clock, {
          actorId: actor.userId,
          subjectId: actor.userId,
          action: 'facilitator.added',
          resourceType: 'group',
          resourceId: group.id,
        });
      }
      return groupPage(deps, tx, actor, group);
    }),
  );
  deps.directoryChanged({ groups: [view.id] });
  return view;
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
    if (changed.includes('capacity') && typeof body.capacity === 'number') {
      const members = await repo.countActiveMembers(tx, group.id);
      if (body.capacity < members) {
        // Worded like a schema minimum, so the web says "Use N or more" in any language.
        const message = `The group has ${members} members today: use ${members} or more.`;
        throw new AppError(400, 'validation_failed', `body.capacity: ${message}`, [
          {
            field: 'body.capacity',
            message,
            issue: 'too_small',
            origin: 'number',
            minimum: members,
          },
        ]);
      }
    }
    const updated = await repo.updateGroup(tx, group.id, {
      ...body,
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'group.updated',
      resourceType: 'group',
      resourceId: group.id,
      meta: { fields: changed.sort().join(',') },
    });
    return groupPage(deps, tx, actor, updated);
  });
  deps.directoryChanged({ groups: [view.id] });
  return view;
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
