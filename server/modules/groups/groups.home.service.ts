import type { HomeGroup, HomeJoinRequest, MemberHome } from '../../../contracts/home.ts';
import { can, groupContextOf, type Actor } from '../../policies/index.ts';
import * as repo from './groups.repository.ts';
import type { GroupsDeps } from './groups.service.ts';

/** What the member's home shows from the groups module: only the person's own standing. */

/** Answers older than this leave the home (they stay in the account export). */
const ANSWERS_SHOWN_FOR_DAYS = 60;
const SUGGESTIONS = 3;

export interface HomeGroups {
  groups: HomeGroup[];
  requests: HomeJoinRequest[];
  suggestions: MemberHome['suggestions'];
  /** The active groups by id, to name each meeting's group. */
  byId: Map<string, { slug: string; name: string }>;
}

/**
 * The groups the person is in now (active memberships only, with their role; for those they
 * facilitate and may manage, how many requests wait), their waiting requests and recent
 * answers, and a few open groups while they have none and wait for none.
 */
export async function homeGroupsOf(deps: GroupsDeps, actor: Actor): Promise<HomeGroups> {
  const memberships = await repo.listMembershipsOf(deps.db, actor.userId);
  const active = memberships.filter((m) => m.membership.status === 'active');
  const managed = active
    .filter(
      ({ group, membership }) =>
        membership.role === 'facilitator' &&
        can(actor, 'group.manage', groupContextOf(group, membership), deps.policy),
    )
    .map((m) => m.group.id);
  const waitingCounts = await repo.countWaitingRequests(deps.db, managed);
  const groups = active.map(({ group, membership }) => ({
    slug: group.slug,
    name: group.name,
    isOpen: group.isOpen,
    role: membership.role,
    waitingRequests: managed.includes(group.id) ? (waitingCounts.get(group.id) ?? 0) : null,
  }));

  const history = await repo.listJoinRequestsOf(deps.db, actor.userId);
  const since = deps.clock.now().getTime() - ANSWERS_SHOWN_FOR_DAYS * 86_400_000;
  // A waiting request is the membership itself (a request from before messages were kept
  // has no row of its own); its row, when there is one, says whether a message went with it.
  const waiting: HomeJoinRequest[] = memberships
    .filter((m) => m.membership.status === 'requested')
    .map(({ group, membership }) => {
      const row = history.find((r) => r.groupId === group.id && r.answer === null);
      return {
        group: { slug: group.slug, name: group.name },
        state: 'waiting' as const,
        requestedAt: (row?.createdAt ?? membership.updatedAt).toISOString(),
        answeredAt: null,
        hasMessage: Boolean(row?.message),
      };
    });
  const answered: HomeJoinRequest[] = history
    .filter((r) => r.answer !== null && r.answeredAt && r.answeredAt.getTime() >= since)
    .sort((a, b) => b.answeredAt!.getTime() - a.answeredAt!.getTime())
    .map((r) => ({
      group: { slug: r.groupSlug, name: r.groupName },
      state: r.answer!,
      requestedAt: r.createdAt.toISOString(),
      answeredAt: r.answeredAt!.toISOString(),
      hasMessage: false,
    }));

  const suggestions =
    groups.length === 0 && waiting.length === 0
      ? (await repo.listOpenGroupsWithRoom(deps.db, SUGGESTIONS)).map((g) => ({
          slug: g.slug,
          name: g.name,
          format: g.format,
        }))
      : [];
  const byId = new Map(
    active.map(({ group }) => [group.id, { slug: group.slug, name: group.name }]),
  );
  return { groups, requests: [...waiting, ...answered], suggestions, byId };
}
