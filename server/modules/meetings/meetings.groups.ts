import type { DbOrTx } from '../../db/client.ts';
import type { Actor, GroupContext } from '../../policies/index.ts';
import { loadGroupContext } from '../groups/groups.service.ts';

/** What meetings need of a group: its summary and the actor's standing in it. */
export interface LoadedGroup {
  group: { id: string; slug: string; name: string; isOpen: boolean };
  context: GroupContext;
}

/** The group (by id or slug) through the groups module's service; not found → 404. */
export async function loadGroup(
  db: DbOrTx,
  actor: Actor | null,
  groupIdOrSlug: string,
): Promise<LoadedGroup> {
  const { group, context } = await loadGroupContext(db, actor, groupIdOrSlug);
  return {
    group: { id: group.id, slug: group.slug, name: group.name, isOpen: group.isOpen },
    context,
  };
}
