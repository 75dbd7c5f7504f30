import type { AdminUserView } from '../../../contracts/admin.ts';
import type { UserRow } from '../../db/schema/index.ts';

/** A person as the admin people list shows them; never a raw row (no hashes, no secrets). */
export function presentAdminUser(user: UserRow): AdminUserView {
  return {
    id: user.id,
    displayName: user.displayName ?? 'Former member',
    email: user.email ?? '',
    role: user.role,
    status: user.status,
    twoFactorEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
