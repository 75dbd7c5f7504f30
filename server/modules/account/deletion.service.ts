import type { Tx } from '../../db/client.ts';
import { deleteRecoveryCodes } from '../auth/auth.personal-data.ts';
import { deleteJoinRequests } from '../groups/groups.personal-data.ts';
import { deleteInvitations } from '../invitations/invitations.personal-data.ts';
import { deleteCalendarFeed, deleteChangeRequests } from '../meetings/meetings.personal-data.ts';
import { deleteRoomData } from '../rooms/rooms.personal-data.ts';
import * as repo from './account.repository.ts';

/**
 * One kind of personal data removed when a person deletes their account. Each module that
 * stores personal data adds a step (journals, check-ins, …) with `registerDeletionStep`.
 * Every step runs inside the deletion's single transaction: if any step throws, nothing
 * is deleted.
 */
export interface DeletionStep {
  name: string;
  /** The tables (SQL names) this step clears of the person (see `personalDataTables`). */
  tables: readonly string[];
  run(tx: Tx, userId: string): Promise<void>;
}

/**
 * The steps in order. The account service first anonymises the users row and ends the
 * sessions (through SessionService), then runs these for everything else.
 */
export const deletionSteps: DeletionStep[] = [
  {
    name: 'groupMemberships',
    tables: ['group_memberships'],
    run: (tx, userId) => repo.deleteMemberships(tx, userId),
  },
  {
    name: 'joinRequests',
    tables: ['group_join_requests'],
    run: (tx, userId) => deleteJoinRequests(tx, userId),
  },
  {
    name: 'authTokens',
    tables: ['auth_tokens'],
    run: (tx, userId) => repo.deleteAllTokens(tx, userId),
  },
  {
    name: 'recoveryCodes',
    tables: ['recovery_codes'],
    run: (tx, userId) => deleteRecoveryCodes(tx, userId),
  },
  {
    name: 'meetingChangeRequests',
    tables: ['meeting_change_requests'],
    run: (tx, userId) => deleteChangeRequests(tx, userId),
  },
  {
    name: 'calendarFeed',
    tables: ['calendar_feeds'],
    run: (tx, userId) => deleteCalendarFeed(tx, userId),
  },
  {
    name: 'invitations',
    tables: ['invitations'],
    run: (tx, userId) => deleteInvitations(tx, userId),
  },
  {
    name: 'rooms',
    tables: ['room_messages', 'room_reactions', 'room_participants'],
    run: (tx, userId) => deleteRoomData(tx, userId),
  },
];

/**
 * Tables referring to people that no step above clears, each with why. A test fails on a
 * table referring to people that is neither cleared by a step nor listed here.
 */
export const handledOutsideSteps: Readonly<Record<string, string>> = {
  users:
    'The row stays (so group content can say "Former member") with every personal field ' +
    'emptied by AccountService.deleteAccount, in the same transaction as the steps.',
  sessions: 'Ended by SessionService.endAll in AccountService.deleteAccount, same transaction.',
  audit_events:
    'Kept de-identified: append-only by law of the audit chain; rows hold only ids, an ' +
    'action and non-identifying facts, and the ids lead to an emptied users row.',
};

/** Adds a step (at the end); returns a function that removes it again (for tests). */
export function registerDeletionStep(step: DeletionStep): () => void {
  if (deletionSteps.some((s) => s.name === step.name)) {
    throw new Error(`Deletion step "${step.name}" is already registered.`);
  }
  deletionSteps.push(step);
  return () => {
    const i = deletionSteps.indexOf(step);
    if (i >= 0) deletionSteps.splice(i, 1);
  };
}

/** Runs every registered step for `userId` inside `tx`. */
export async function runDeletionSteps(tx: Tx, userId: string): Promise<void> {
  for (const step of deletionSteps) await step.run(tx, userId);
}
