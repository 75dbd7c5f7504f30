import type { Me } from '../../../contracts/auth.ts';
import type { UserRow } from '../../db/schema/index.ts';

/** What a deleted person's name shows as wherever their content remains. */
export const FORMER_MEMBER = 'Former member';

/** The signed-in person as they see themselves; never a raw row. */
export function presentMe(user: UserRow, opts: { requireStaffTwoFactor: boolean }): Me {
  const twoFactorEnabled = user.totpEnabledAt !== null;
  return {
    id: user.id,
    email: user.email ?? '',
    emailVerified: user.emailVerifiedAt !== null,
    displayName: user.displayName ?? FORMER_MEMBER,
    pronouns: user.pronouns,
    timezone: user.timezone,
    locale: user.locale === 'es' ? 'es' : 'en',
    role: user.role,
    profileVisibility: user.profileVisibility,
    showPronouns: user.showPronouns,
    showMilestones: user.showMilestones,
    twoFactorEnabled,
    twoFactorSetupRequired:
      opts.requireStaffTwoFactor && user.role !== 'member' && !twoFactorEnabled,
    createdAt: user.createdAt.toISOString(),
  };
}
