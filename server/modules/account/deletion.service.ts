import type { Tx } from '../../db/client.ts';
import * as repo from './account.repository.ts';

/**
 * One kind of personal data removed when a person deletes their account. Each module that
 * stores personal data adds a step (journals, check-ins, …) with `registerDeletionStep`.
 * Every step runs inside the deletion's single transaction: if any step throws, nothing
 * is deleted.
 */
export interface DeletionStep {
  name: string;
  run(tx: Tx, userId: string): Promise<void>;
}

/**
 * The steps in order. The account service first anonymises the users row and ends the
 * sessions (through SessionService), then runs these for everything else.
 */
export const deletionSteps: DeletionStep[] = [
  { name: 'groupMemberships', run: (tx, userId) => repo.deleteMemberships(tx, userId) },
  { name: 'authTokens', run: (tx, userId) => repo.deleteAllTokens(tx, userId) },
];

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
