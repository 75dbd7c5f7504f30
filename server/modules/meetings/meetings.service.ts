import type { z } from 'zod';
import {
  UpdateMeetingBody,
  type CreateChangeRequestBody,
  type CreateMeetingBody,
  type MeetingList,
  type MeetingPage,
  type MeetingView,
  type OccurrenceExceptionView,
  type UpdateOccurrenceBody,
  type ChangeRequestView,
  type OwnChangeRequestView,
} from '../../../contracts/meetings.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { authorize, can, type Actor, type PolicyContext } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findDisplayNames, findUserById, isUniqueViolation } from '../users/users.repository.ts';
import { changeRequestDecided } from './meetings.emails.ts';
import { loadGroup, type LoadedGroup } from './meetings.groups.ts';
import {
  calendarLinksFor,
  directionsFor,
  presentException,
  presentMeeting,
  presentOccurrence,
  type GroupSummary,
} from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingExceptionRow, MeetingRow } from './meetings.repository.ts';
import {
  changedFields,
  checkMeeting,
  diffRows,
  fieldsFromRow,
  freeSlug,
  seriesOf,
  slugify,
  validationError,
  type MeetingFields,
  type ValidMeeting,
} from './meetings.rules.ts';
import {
  firstOccurrenceId,
  isOccurrence,
  nextOccurrences,
  toRRule,
  type OccurrenceException,
} from './recurrence.ts';
import { instantToLocal } from './time-zones.ts';

export interface MeetingsDeps {
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

/** Who is looking, for times: the `tz` they asked for, else their own zone and locale. */
export interface Viewer {
  tz?: string;
  user: Pick<UserRow, 'timezone' | 'locale'> | null;
}

const UPCOMING = 8;

// --- reading -----------------------------------------------------------------------------

async function getMeeting(db: DbOrTx, slug: string): Promise<MeetingRow> {
  const row = await repo.findMeetingBySlug(db, slug);
  if (!row) throw notFound('That meeting');
  return row;
}

const canReadDetails = (deps: MeetingsDeps, actor: Actor | null, loaded: LoadedGroup) =>
  can(actor, 'meeting.details.read', loaded.context, deps.policy);

function viewerZone(viewer: Viewer, meetingZone: string): string {
  return viewer.tz ?? viewer.user?.timezone ?? meetingZone;
}

const viewerLocale = (viewer: Viewer) => viewer.user?.locale ?? 'en';

/** Stored exceptions in the shape occurrence expansion needs (topics alone change no time). */
export function toOccurrenceExceptions(
  rows: readonly MeetingExceptionRow[],
): OccurrenceException[] {
  return rows.flatMap((e): OccurrenceException[] => {
    if (e.cancelled) return [{ kind: 'cancelled', occurrenceId: e.occurrenceId }];
    if (e.movedDate && e.movedStartTime) {
      return [
        {
          kind: 'moved',
          occurrenceId: e.occurrenceId,
          date: e.movedDate,
          startTime: e.movedStartTime,
          durationMinutes: e.movedDurationMinutes ?? undefined,
        },
      ];
    }
    return [];
  });
}

function upcoming(
  deps: MeetingsDeps,
  row: MeetingRow,
  exceptions: readonly MeetingExceptionRow[],
  zone: string,
  locale: string,
  count: number,
) {
  const byId = new Map(exceptions.map((e) => [e.occurrenceId, e]));
  return nextOccurrences(
    seriesOf(row),
    deps.clock.now(),
    count,
    toOccurrenceExceptions(exceptions),
  ).map((o) => presentOccurrence(o, byId.get(o.occurrenceId), row.timezone, zone, locale));
}

/** Everything the meeting page shows. Public; a closed group's address and links only for its people. */
export async function getMeetingPage(
  deps: MeetingsDeps,
  actor: Actor | null,
  slug: string,
  viewer: Viewer,
): Promise<MeetingPage> {
  const row = await getMeeting(deps.db, slug);
  const loaded = await loadGroup(deps.db, actor, row.groupId);
  const meeting = presentMeeting(row, loaded.group, canReadDetails(deps, actor, loaded));
  const exceptions = await repo.listExceptions(deps.db, [row.id]);
  const zone = viewerZone(viewer, row.timezone);
  const series = seriesOf(row);
  return {
    meeting,
    viewerTimezone: zone,
    occurrences: upcoming(deps, row, exceptions, zone, viewerLocale(viewer), UPCOMING),
    directions: directionsFor(meeting),
    calendar: calendarLinksFor(meeting, series, firstOccurrenceId(series), deps.publicUrl),
    canManage: can(actor, 'group.manage', loaded.context, deps.policy),
  };
}

/** A group's meetings, each with its next occurrence. */
export async function listGroupMeetings(
  deps: MeetingsDeps,
  actor: Actor | null,
  groupSlug: string,
  viewer: Viewer,
): Promise<MeetingList> {
  const loaded = await loadGroup(deps.db, actor, groupSlug);
  const showDetails = canReadDetails(deps, actor, loaded);
  const rows = await repo.listMeetingsOfGroup(deps.db, loaded.group.id);
  const exceptions = await repo.listExceptions(
    deps.db,
    rows.map((r) => r.id),
  );
  const zoneAsked = viewer.tz ?? viewer.user?.timezone ?? null;
  return {
    viewerTimezone: zoneAsked,
    meetings: rows.map((row) => {
      const own = exceptions.filter((e) => e.meetingId === row.id);
      const zone = zoneAsked ?? row.timezone;
      return {
        ...presentMeeting(row, loaded.group, showDetails),
        nextOccurrence: upcoming(deps, row, own, zone, viewerLocale(viewer), 1)[0] ?? null,
      };
    }),
  };
}

// --- writing -----------------------------------------------------------------------------

function rowValues(valid: ValidMeeting, now: Date) {
  const f = valid.fields;
  return {
    name: f.name,
    timezone: f.timezone,
    startTime: f.startTime,
    durationMinutes: f.durationMinutes,
    rrule: toRRule(valid.series),
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    locationName: f.locationName,
    address: f.address,
    latitude: f.latitude,
    longitude: f.longitude,
    approximate: f.approximate,
    locationNotes: f.locationNotes,
    conferenceUrl: f.conferenceUrl,
    conferenceUrlNotes: f.conferenceUrlNotes,
    conferencePhone: f.conferencePhone,
    conferencePhoneNotes: f.conferencePhoneNotes,
    types: f.types,
    notes: f.notes,
    regions: f.regions,
    attendance: valid.attendance,
    updatedAt: now,
  };
}

/** Creates a series in a group (its facilitators and admins). The slug comes from the name. */
export async function createMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  groupSlug: string,
  body: CreateMeetingBody,
): Promise<z.infer<typeof MeetingView>> {
  const fields: MeetingFields = {
    endsOn: null,
    locationName: null,
    address: null,
    latitude: null,
    longitude: null,
    approximate: false,
    locationNotes: null,
    conferenceUrl: null,
    conferenceUrlNotes: null,
    conferencePhone: null,
    conferencePhoneNotes: null,
    types: [],
    notes: '',
    regions: [],
    ...body,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await deps.db.transaction(async (tx) => {
        const loaded = await loadGroup(tx, actor, groupSlug);
        authorize(actor, 'group.manage', loaded.context, deps.policy);
        const checked = checkMeeting(fields, 'body');
        if (!checked.ok) throw validationError(checked.details);
        const base = slugify(fields.name);
        const slug =
          attempt === 0
            ? freeSlug(base, await repo.findSlugsLike(tx, base))
            : `${base}-${Math.random().toString(36).slice(2, 8)}`;
        const now = deps.clock.now();
        const row = await repo.insertMeeting(tx, {
          ...rowValues(checked.value, now),
          groupId: loaded.group.id,
          slug,
          createdAt: now,
        });
        await recordAudit(tx, deps.clock, {
          actorId: actor.userId,
          subjectId: null,
          action: 'meeting.created',
          resourceType: 'meeting',
          resourceId: row.id,
          meta: { groupId: loaded.group.id },
        });
        return presentMeeting(row, loaded.group, true);
      });
      deps.directoryChanged();
      return created;
    } catch (err) {
      // Two meetings with the same name at once: the second takes a random suffix.
      if (attempt < 2 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/**
 * The one path every change to a series' details goes through (edits, ending, accepted
 * change requests): merge, validate the whole, write, audit. Returns the fields changed.
 */
async function applyChanges(
  tx: DbOrTx,
  deps: MeetingsDeps,
  actor: Actor,
  row: MeetingRow,
  patch: UpdateMeetingBody,
  opts: {
    prefix: string;
    status?: 400 | 409;
    action: 'meeting.updated' | 'meeting.ended';
    meta?: Record<string, string>;
  },
): Promise<{ row: MeetingRow; changed: string[] }> {
  const current = fieldsFromRow(row);
  const changed = changedFields(current, patch);
  if (changed.length === 0) return { row, changed };
  const merged: MeetingFields = { ...current };
  for (const name of changed) Object.assign(merged, { [name]: patch[name] });
  const checked = checkMeeting(merged, opts.prefix);
  if (!checked.ok) throw validationError(checked.details, opts.status);
  const updated = await repo.updateMeeting(tx, row.id, rowValues(checked.value, deps.clock.now()));
  await recordAudit(tx, deps.clock, {
    actorId: actor.userId,
    subjectId: null,
    action: opts.action,
    resourceType: 'meeting',
    resourceId: row.id,
    meta: { groupId: row.groupId, fields: changed.join(','), ...opts.meta },
  });
  return { row: updated, changed };
}

/** Loads a meeting locked for change and checks the actor manages its group. */
async function loadForManage(
  tx: DbOrTx,
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
): Promise<{ row: MeetingRow; loaded: LoadedGroup }> {
  const found = await getMeeting(tx, slug);
  const loaded = await loadGroup(tx, actor, found.groupId);
  authorize(actor, 'group.manage', loaded.context, deps.policy);
  const row = await repo.lockMeeting(tx, found.id);
  if (!row) throw notFound('That meeting');
  return { row, loaded };
}

export async function updateMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  patch: UpdateMeetingBody,
): Promise<z.infer<typeof MeetingView>> {
  if (Object.keys(patch).length === 0) {
    throw invalidField('body', 'send at least one field to change');
  }
  const result = await deps.db.transaction(async (tx) => {
    const { row, loaded } = await loadForManage(tx, deps, actor, slug);
    const applied = await applyChanges(tx, deps, actor, row, patch, {
      prefix: 'body',
      action: 'meeting.updated',
    });
    return { view: presentMeeting(applied.row, loaded.group, true), changed: applied.changed };
  });
  if (result.changed.length > 0) deps.directoryChanged();
  return result.view;
}

/** Ends a series: its last day is `endsOn` (default today in the meeting's zone). */
export async function endMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  endsOn: string | undefined,
): Promise<z.infer<typeof MeetingView>> {
  const result = await deps.db.transaction(async (tx) => {
    const { row, loaded } = await loadForManage(tx, deps, actor, slug);
    const series = seriesOf(row);
    if (series.recurrence.kind === 'once') {
      throw invalidField(
        'body.endsOn',
        'a one-off meeting has nothing to end; cancel its occurrence instead',
      );
    }
    const lastDay = endsOn ?? instantToLocal(deps.clock.now(), row.timezone).date;
    const applied = await applyChanges(
      tx,
      deps,
      actor,
      row,
      { endsOn: lastDay },
      {
        prefix: 'body',
        action: 'meeting.ended',
        meta: { endsOn: lastDay },
      },
    );
    return { view: presentMeeting(applied.row, loaded.group, true), changed: applied.changed };
  });
  if (result.changed.length > 0) deps.directoryChanged();
  return result.view;
}

// --- exceptions --------------------------------------------------------------------------

export async function listMeetingExceptions(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
): Promise<z.infer<typeof OccurrenceExceptionView>[]> {
  const row = await getMeeting(deps.db, slug);
  const loaded = await loadGroup(deps.db, actor, row.groupId);
  authorize(actor, 'group.manage', loaded.context, deps.policy);
  return (await repo.listExceptions(deps.db, [row.id])).map(presentException);
}

/**
 * Cancels, moves or gives a topic to one occurrence. Cancelling clears a move and moving
 * clears a cancellation; an occurrence left with nothing special loses its exception row.
 */
export async function updateOccurrence(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
  body: UpdateOccurrenceBody,
): Promise<z.infer<typeof OccurrenceExceptionView> | null> {
  if (Object.keys(body).length === 0) {
    throw invalidField('body', 'send at least one of cancelled, moved, topic, literature');
  }
  if (body.cancelled === true && body.moved) {
    throw invalidField('body.moved', 'a cancelled occurrence cannot also be moved');
  }
  const result = await deps.db.transaction(async (tx) => {
    const { row } = await loadForManage(tx, deps, actor, slug);
    if (!isOccurrence(seriesOf(row), occurrenceId)) {
      throw invalidField('params.occurrenceId', 'is not a date this meeting meets on');
    }
    const existing = await repo.findException(tx, row.id, occurrenceId);
    const next: {
      cancelled: boolean;
      moved: { date: string; startTime: string; durationMinutes?: number } | null;
      topic: string | null;
      literature: string | null;
    } = {
      cancelled: existing?.cancelled ?? false,
      moved:
        existing?.movedDate && existing.movedStartTime
          ? {
              date: existing.movedDate,
              startTime: existing.movedStartTime,
              ...(existing.movedDurationMinutes
                ? { durationMinutes: existing.movedDurationMinutes }
                : {}),
            }
          : null,
      topic: existing?.topic ?? null,
      literature: existing?.literature ?? null,
    };
    if (body.cancelled !== undefined) {
      next.cancelled = body.cancelled;
      if (body.cancelled) next.moved = null;
    }
    if (body.moved !== undefined) {
      next.moved = body.moved;
      if (body.moved) next.cancelled = false;
    }
    if (body.topic !== undefined) next.topic = body.topic;
    if (body.literature !== undefined) next.literature = body.literature;

    const now = deps.clock.now();
    const isPlain = !next.cancelled && !next.moved && !next.topic && !next.literature;
    let saved: MeetingExceptionRow | null = null;
    if (isPlain) await repo.deleteException(tx, row.id, occurrenceId);
    else {
      saved = await repo.upsertException(tx, {
        meetingId: row.id,
        occurrenceId,
        cancelled: next.cancelled,
        movedDate: next.moved?.date ?? null,
        movedStartTime: next.moved?.startTime ?? null,
        movedDurationMinutes: next.moved?.durationMinutes ?? null,
        topic: next.topic,
        literature: next.literature,
        createdAt: now,
        updatedAt: now,
      });
    }
    // Calendars use the series' last change as their DTSTAMP.
    await repo.updateMeeting(tx, row.id, { updatedAt: now });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'meeting.occurrence_changed',
      resourceType: 'meeting',
      resourceId: row.id,
      meta: { occurrenceId, cancelled: next.cancelled, moved: next.moved !== null },
    });
    return saved ? presentException(saved) : null;
  });
  deps.directoryChanged();
  return result;
}

/** Undo: the occurrence happens as scheduled again, without a topic. */
export async function restoreOccurrence(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  occurrenceId: string,
): Promise<void> {
  const removed = await deps.db.transaction(async (tx) => {
    const { row } = await loadForManage(tx, deps, actor, slug);
    const gone = await repo.deleteException(tx, row.id, occurrenceId);
    if (!gone) return false;
    await repo.updateMeeting(tx, row.id, { updatedAt: deps.clock.now() });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'meeting.occurrence_restored',
      resourceType: 'meeting',
      resourceId: row.id,
      meta: { occurrenceId },
    });
    return true;
  });
  if (removed) deps.directoryChanged();
}

// --- change requests ---------------------------------------------------------------------

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
  if (actor.role === 'member') {
    throw forbidden('Only facilitators and admins decide suggested changes.');
  }
  const rows = await repo.listChangeRequests(deps.db, {
    status,
    ...(actor.role === 'admin' ? {} : { facilitatorId: actor.userId }),
  });
  const groups = new Map<string, GroupSummary>();
  for (const groupId of new Set(rows.map((r) => r.meeting.groupId))) {
    const loaded = await loadGroup(deps.db, actor, groupId);
    authorize(actor, 'group.manage', loaded.context, deps.policy);
    groups.set(groupId, loaded.group);
  }
  if (rows.length === 0) {
    // Still apply the staff rule (two-factor) to an empty inbox.
    authorize(
      actor,
      'group.manage',
      { groupId: '', isOpen: true, actorGroupRole: actor.role === 'admin' ? null : 'facilitator' },
      deps.policy,
    );
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
    authorize(actor, 'group.manage', loaded.context, deps.policy);
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
    return { view: view!, requesterId: request.requesterId };
  });
  if (accept) deps.directoryChanged();
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
      changeRequestDecided(person.email, {
        accepted,
        note,
        // No page lists a person's suggestions yet: link to the site, never to the meeting.
        link: `${deps.publicUrl}/`,
      }),
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
