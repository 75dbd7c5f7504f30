import type { z } from 'zod';
import type { OccurrenceExceptionView, UpdateOccurrenceBody } from '../../../contracts/meetings.ts';
import { invalidField } from '../../lib/errors.ts';
import {
  authorize,
  meetingVisibility,
  projectOccurrence,
  type Actor,
} from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadGroup } from './meetings.groups.ts';
import { presentException } from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingExceptionRow } from './meetings.repository.ts';
import { seriesOf } from './meetings.rules.ts';
import { getMeeting, loadForManage, type MeetingsDeps } from './meetings.service.ts';
import { isOccurrence } from './recurrence.ts';

/** One occurrence of a series: cancelled, moved, or given a topic (stored as exceptions). */

export async function listMeetingExceptions(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
): Promise<z.infer<typeof OccurrenceExceptionView>[]> {
  const row = await getMeeting(deps.db, slug);
  const loaded = await loadGroup(deps.db, actor, row.groupId);
  authorize(actor, 'group.manage', loaded.context, deps.policy);
  const visibility = meetingVisibility(actor, loaded.context, deps.policy);
  const rows = await repo.listExceptions(deps.db, [row.id]);
  return rows.map((e) => presentException(projectOccurrence(e, visibility)));
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
    return { view: saved ? presentException(saved) : null, meetingId: row.id };
  });
  deps.directoryChanged({ meetings: [result.meetingId] });
  return result.view;
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
    if (!gone) return null;
    await repo.updateMeeting(tx, row.id, { updatedAt: deps.clock.now() });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'meeting.occurrence_restored',
      resourceType: 'meeting',
      resourceId: row.id,
      meta: { occurrenceId },
    });
    return row.id;
  });
  if (removed) deps.directoryChanged({ meetings: [removed] });
}
