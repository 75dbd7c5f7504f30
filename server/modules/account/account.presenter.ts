import type { AuditEventView } from '../../../contracts/account.ts';
import type { Me } from '../../../contracts/auth.ts';
import type { AuditEventRow, UserRow } from '../../db/schema/index.ts';

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

/** How an audit event's actor reads to the person looking at their own activity. */
export function describeActor(
  actorId: string | null,
  viewerId: string,
  names: ReadonlyMap<string, string | null>,
): string {
  if (actorId === null) return 'System';
  if (actorId === viewerId) return 'You';
  return names.get(actorId) ?? FORMER_MEMBER;
}

/** One event in a person's own activity log. */
export function presentAuditEvent(
  row: AuditEventRow,
  viewerId: string,
  names: ReadonlyMap<string, string | null>,
): AuditEventView {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    actor: describeActor(row.actorId, viewerId, names),
    actorId: row.actorId,
    subjectId: row.subjectId,
    meta: row.meta,
  };
}
