import type { z } from 'zod';
import { UpdateMeetingBody } from '../../../contracts/meetings.ts';
import {
  type ChangeRequestView,
  type CreateChangeRequestBody,
  type OwnChangeRequestView,
} from '../../../contracts/change-requests.ts';
import type { DbOrTx } from '../../db/client.ts';
import { AppError, conflict, invalidField, notFound } from '../../lib/errors.ts';
import { authorize, changeRequestInboxScope, type Actor } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findDisplayNames, findUserById } from '../users/users.service.ts';
import { changeRequestDecided } from './meetings.emails.ts';
import { loadGroup, type LoadedGroup } from './meetings.groups.ts';
import type { GroupSummary } from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingRow } from './meetings.repository.ts';
import {
  changedFields,
  checkMeeting,
  diffRows,
  fieldsFromRow,
  validationError,
  type MeetingFields,
} from './meetings.rules.ts';
import { applyChanges, getMeeting, type MeetingsDeps } from './meetings.service.ts';

/** Suggested corrections to a meeting's details, and staff decisions on them. */

function presentOwnRequest(
  request: repo.ChangeRequestRow,
  meeting: MeetingRow,
): z.infer<typeof OwnChangeRequestView> {
  return {
    id: request.id,
    meeting: { slug: meeting.slug, name: meeting.name },
    status: request.status,
    note: request.note,
    proposed: request.proposed,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
  };
}

/** Anyone signed in suggests a correction; it is checked like an edit, then waits for staff. */
export async function requestChange(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  body: CreateChangeRequestBody,
): Promise<z.infer<typeof OwnChangeRequestView>> {
  const row = await getMeeting(deps.db, slug);
  const loaded = await loadGroup(deps.db, actor, row.groupId);
  // Checking a suggestion against a closed group's hidden details would reveal them
  // ("matches already", "no way to attend"), so only its people may suggest changes.
  authorize(actor, 'meeting.details.read', loaded.context, deps.policy);
  const current = fieldsFromRow(row);
  const changed = changedFields(current, body.changes);
  if (changed.length === 0) {
    throw invalidField(
      'body.changes',
      Object.keys(body.changes).length === 0
        ? 'suggest at least one change'
        : 'matches the meeting’s details already',
    );
  }
  const merged: MeetingFields = { ...current };
  const proposed: Record<string, unknown> = {};
  for (const name of changed) {
    Object.assign(merged, { [name]: body.changes[name] });
    proposed[name] = body.changes[name];
  }
  const checked = checkMeeting(merged, 'body.changes');
  if (!checked.ok) throw validationError(checked.details);
  return deps.db.transaction(async (tx) => {
    const request = await repo.insertChangeRequest(tx, {
      meetingId: row.id,
      requesterId: actor.userId,
      proposed,
      note: body.note,
      status: 'pending',
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: actor.userId,
      action: 'meeting.change_requested',
      resourceType: 'meeting',
      resourceId: row.id,
      meta: { changeRequestId: request.id, fields: changed.join(',') },
    });
    return presentOwnRequest(request, row);
  });
}

export async function listOwnChangeRequests(
  deps: MeetingsDeps,
  actor: Actor,
  status: repo.ChangeRequestRow['status'] | undefined,
): Promise<z.infer<typeof OwnChangeRequestView>[]> {
  const rows = await repo.listOwnChangeRequests(deps.db, actor.userId, status);
  return rows.map((r) => presentOwnRequest(r.request, r.meeting));
}

async function presentForStaff(
  db: DbOrTx,
  rows: readonly repo.ChangeRequestWithMeeting[],
  groups: ReadonlyMap<string, GroupSummary>,
): Promise<z.infer<typeof ChangeRequestView>[]> {
  const names = await findDisplayNames(
    db,
    rows.map((r) => r.request.requesterId).filter((id): id is string => id !== null),
  );
  return rows.flatMap(({ request, meeting }) => {
    const group = groups.get(meeting.groupId);
    if (!group) return [];
    const proposed = UpdateMeetingBody.safeParse(request.proposed);
    return [
      {
        id: request.id,
        meeting: { slug: meeting.slug, name: meeting.name },
        group,
        status: request.status,
        note: request.note,
        requester: (request.requesterId && names.get(request.requesterId)) || 'Former member',
        createdAt: request.createdAt.toISOString(),
        decidedAt: request.decidedAt?.toISOString() ?? null,
        diff: diffRows(fieldsFromRow(meeting), proposed.success ? proposed.data : {}),
      },
    ];
  });
}

/** Change requests of one meeting, or of every meeting of one group, for its staff. */
export async function listChangeRequestsFor(
  deps: MeetingsDeps,
  actor: Actor,
  scope: { meetingSlug: string } | { groupSlug: string },
  status: repo.ChangeRequestRow['status'],
): Promise<z.infer<typeof ChangeRequestView>[]> {
  let loaded: LoadedGroup;
  let meetingId: string | undefined;
  if ('meetingSlug' in scope) {
    const row = await getMeeting(deps.db, scope.meetingSlug);
    loaded = await loadGroup(deps.db, actor, row.groupId);
    meetingId = row.id;
  } else {
    loaded = await loadGroup(deps.db, actor, scope.groupSlug);
  }
  authorize(actor, 'group.manage', loaded.context, deps.policy);
  const rows = await repo.listChangeRequests(deps.db, {
    status,
    meetingId,
    groupId: loaded.group.id,
  });
  return presentForStaff(deps.db, rows, new Map([[loaded.group.id, loaded.group]]));
}

/** Every change request the actor may decide: all for admins, their groups' for facilitators. */
export async function listChangeRequestInbox(
  deps: MeetingsDeps,
  actor: Actor,
  status: repo.ChangeRequestRow['status'],
): Promise<z.infer<typeof ChangeRequestView>[]> {
  authorize(actor, 'meeting.change_request.inbox', undefined, deps.policy);
  const rows = await repo.listChangeRequests(deps.db, {
    status,
    ...(changeRequestInboxScope(actor) === 'all' ? {} : { facilitatorId: actor.userId }),
  });
  const groups = new Map<string, GroupSummary>();
  for (const groupId of new Set(rows.map((r) => r.meeting.groupId))) {
    const loaded = await loadGroup(deps.db, actor, groupId);
    authorize(actor, 'group.manage', loaded.context, deps.policy);
    groups.set(groupId, loaded.group);
  }
  return presentForStaff(deps.db, rows, groups);
}

async function decide(
  deps: MeetingsDeps,
  actor: Actor,
  id: string,
  accept: boolean,
  note: string | undefined,
): Promise<z.infer<typeof ChangeRequestView>> {
  const result = await deps.db.transaction(async (tx) => {
    const request = await repo.lockChangeRequest(tx, id);
    if (!request) throw notFound('That suggested change');
    const meeting = await repo.lockMeeting(tx, request.meetingId);
    if (!meeting) throw notFound('That suggested change');
    const loaded = await loadGroup(tx, actor, meeting.groupId);
    // Another group's suggestion answers exactly like one that does not exist.
    authorize(actor, 'meeting.change_request.decide', loaded.context, deps.policy);
    if (request.status !== 'pending') {
      throw conflict(`This suggestion was already ${request.status}.`);
    }
    let row = meeting;
    if (accept) {
      const proposed = UpdateMeetingBody.safeParse(request.proposed);
      if (!proposed.success) {
        throw new AppError(409, 'conflict', 'This suggestion no longer fits the meeting’s form.');
      }
      ({ row } = await applyChanges(tx, deps, actor, meeting, proposed.data, {
        prefix: 'proposed',
        status: 409,
        action: 'meeting.updated',
        meta: { changeRequestId: request.id },
      }));
    }
    const decided = await repo.decideChangeRequest(tx, request.id, {
      status: accept ? 'accepted' : 'rejected',
      decidedById: actor.userId,
      decidedAt: deps.clock.now(),
    });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: request.requesterId,
      action: accept ? 'meeting.change_request_accepted' : 'meeting.change_request_rejected',
      resourceType: 'meeting',
      resourceId: meeting.id,
      meta: { changeRequestId: request.id, noted: Boolean(note) },
    });
    const [view] = await presentForStaff(
      tx,
      [{ request: decided, meeting: row }],
      new Map([[loaded.group.id, loaded.group]]),
    );
    return { view: view!, requesterId: request.requesterId, meetingId: meeting.id };
  });
  if (accept) deps.directoryChanged({ meetings: [result.meetingId] });
  await notifyRequester(deps, result.requesterId, accept, note);
  return result.view;
}

async function notifyRequester(
  deps: MeetingsDeps,
  requesterId: string | null,
  accepted: boolean,
  note: string | undefined,
): Promise<void> {
  if (!requesterId) return;
  try {
    const person = await findUserById(deps.db, requesterId);
    if (!person?.email || person.status !== 'active') return;
    await deps.mailer.send(
      changeRequestDecided(
        person.email,
        {
          accepted,
          note,
          // No page lists a person's suggestions yet: link to the site, never to the meeting.
          link: `${deps.publicUrl}/`,
        },
        person.locale,
      ),
    );
  } catch (err) {
    deps.logError(err, 'could not send the change request decision email');
  }
}

export const acceptChangeRequest = (
  deps: MeetingsDeps,
  actor: Actor,
  id: string,
  note: string | undefined,
) => decide(deps, actor, id, true, note);

export const rejectChangeRequest = (
  deps: MeetingsDeps,
  actor: Actor,
  id: string,
  note: string | undefined,
) => decide(deps, actor, id, false, note);
