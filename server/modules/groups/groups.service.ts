import type { DbOrTx } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor, GroupContext } from '../../policies/index.ts';
import * as repo from './groups.repository.ts';
import type { GroupRow } from './groups.repository.ts';

export type { GroupRow } from './groups.repository.ts';

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
  if (!group) throw notFound('That group');
  const membership = actor ? await repo.findMembership(db, group.id, actor.userId) : undefined;
  const context: GroupContext = {
    groupId: group.id,
    isOpen: group.isOpen,
    actorGroupRole: membership?.status === 'active' ? membership.role : null,
  };
  return { group, context };
}
