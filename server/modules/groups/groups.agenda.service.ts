import {
  DEFAULT_AGENDA,
  type AgendaStep,
  type GroupAgenda,
  type UpdateAgendaBody,
} from '../../../contracts/rooms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import { authorize, type Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './groups.repository.ts';
import { loadGroupContext, lockGroup, type GroupsDeps } from './groups.service.ts';

/**
 * A group's usual meeting format (its agenda): its live rooms start each meeting from it.
 * Facilitators (and admins) edit it; members see it in the room.
 */

const sameSteps = (a: readonly AgendaStep[], b: readonly AgendaStep[]) =>
  a.length === b.length && a.every((s, i) => s.key === b[i]!.key && s.title === b[i]!.title);

function presentAgenda(steps: readonly AgendaStep[]): GroupAgenda {
  const clean = steps.map((s) => ({ key: s.key, title: s.title }));
  return { steps: clean, isDefault: sameSteps(clean, DEFAULT_AGENDA) };
}

/** The agenda, for those who may see who is in the group (members, its facilitators, admins). */
export async function getGroupAgenda(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
): Promise<GroupAgenda> {
  const { group, context } = await loadGroupContext(deps.db, actor, slug);
  authorize(actor, 'group.members.read', context, deps.policy);
  return presentAgenda(group.agenda);
}

/** Replaces the agenda (its facilitators and admins); audited with the number of steps only. */
export async function updateGroupAgenda(
  deps: GroupsDeps,
  actor: Actor | null,
  slug: string,
  body: UpdateAgendaBody,
): Promise<GroupAgenda> {
  return deps.db.transaction(async (tx) => {
    const { group, context } = await lockGroup(tx, actor, slug);
    authorize(actor, 'group.update', context, deps.policy);
    if (sameSteps(group.agenda, body.steps)) return presentAgenda(group.agenda);
    const updated = await repo.updateGroup(tx, group.id, {
      agenda: body.steps,
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'group.agenda_updated',
      resourceType: 'group',
      resourceId: group.id,
      meta: { steps: body.steps.length },
    });
    return presentAgenda(updated.agenda);
  });
}

/**
 * The agenda a room starts from, by group id, for the rooms module (which has already
 * decided the person may be in the room). Throws 404 for an unknown group.
 */
export async function findAgendaForRoom(db: DbOrTx, groupId: string): Promise<AgendaStep[]> {
  const group = await repo.findGroupByIdOrSlug(db, groupId);
  if (!group) throw notFound('That group');
  return group.agenda;
}
