import type { DbOrTx } from '../../db/client.ts';
import * as repo from './auth.repository.ts';

// What the account module's export and deletion registries call for the auth module's own
// personal data (recovery codes); `auth_tokens` is handled by the account module.

/** When each recovery code was made and used; never a hash. */
export const exportRecoveryCodes = (db: DbOrTx, userId: string) =>
  repo.listRecoveryCodeDates(db, userId);

export const deleteRecoveryCodes = (db: DbOrTx, userId: string) =>
  repo.deleteRecoveryCodes(db, userId);
