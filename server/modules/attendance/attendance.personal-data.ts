/**
 * What the attendance module holds about a person, for the account export and deletion
 * (registered in `modules/account/`).
 *
 * - `attendance`: every occurrence they attended (exported whole; deleted). Marks they made
 *   as a facilitator belong to the members marked: the export gives only how many, and
 *   deletion keeps the marks but forgets who made them.
 * - The after-meeting question: the export says which occurrences they answered
 *   (`survey_answered`), never the answer itself. Answers (`survey_answers`) hold no
 *   person, and the only link from a marker to its answer is sealed with the server's key,
 *   used only to let the person change their answer, and erased when the question closes
 *   after 7 days; so the export does not open it either, and nobody (a facilitator, an
 *   admin, the person's own export) can tie an answer to a person. Deletion removes the
 *   markers; the anonymous answers stay, as in any anonymous survey.
 */
import type { DbOrTx, Tx } from '../../db/client.ts';
import * as repo from './attendance.repository.ts';

export async function exportAttendance(db: DbOrTx, userId: string) {
  return {
    attended: await repo.listAllOwnAttendance(db, userId),
    /** How many attendance marks the person made for others as a facilitator (never whose). */
    marksMadeAsFacilitator: await repo.countMarksBy(db, userId),
  };
}

export async function exportSurveyMarkers(db: DbOrTx, userId: string) {
  return (await repo.listMarkersOf(db, userId)).map((m) => ({
    meetingId: m.meetingId,
    occurrenceId: m.occurrenceId,
    answered: true,
    note: 'Your answer itself is anonymous and is not linked to you, so it is not in this file.',
  }));
}

export async function deleteAttendance(tx: Tx, userId: string): Promise<void> {
  await repo.deleteAllAttendanceOf(tx, userId);
  await repo.forgetMarksBy(tx, userId);
}

export async function deleteSurveyMarkers(tx: Tx, userId: string): Promise<void> {
  await repo.deleteMarkersOf(tx, userId);
}
