import type { AuditEventView } from '../../../contracts/account.ts';
import type { AuditEventRow } from '../../db/schema/index.ts';
import { FORMER_MEMBER } from '../account/account.presenter.ts';

/** Who did it, as the viewer reads it: "You", "System", a display name or "Former member". */
export function describeAuditActor(
  actorId: string | null,
  viewerId: string,
  names: ReadonlyMap<string, string | null>,
): string {
  if (actorId === null) return 'System';
  if (actorId === viewerId) return 'You';
  return names.get(actorId) ?? FORMER_MEMBER;
}

/** One audit event for a viewer; `names` maps actor and subject ids to display names (null once deleted). */
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
    actor: describeAuditActor(row.actorId, viewerId, names),
    actorId: row.actorId,
    subject: row.subjectId === null ? null : describeAuditActor(row.subjectId, viewerId, names),
    subjectId: row.subjectId,
    meta: row.meta,
  };
}
