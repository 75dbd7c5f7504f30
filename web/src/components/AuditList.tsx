import { useTranslation } from 'react-i18next';
import type { AuditPage } from '../lib/api.ts';
import { formatDateTime, humaniseAction } from '../lib/format.ts';

type AuditEvent = AuditPage['events'][number];

/** Audit events as a readable list, newest first. */
export function AuditList({
  events,
  timeZone,
  showIds,
}: {
  events: AuditEvent[];
  timeZone?: string;
  /** Admins see actor and subject ids (to filter by them). */
  showIds?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ol className="audit-list">
      {events.map((e) => {
        const meta = Object.entries(e.meta);
        return (
          <li key={e.id} className="audit-item">
            <p className="audit-item__action">
              <strong>{humaniseAction(e.action)}</strong>
              {showIds && <code className="audit-item__code">{e.action}</code>}
            </p>
            <p className="audit-item__meta">
              <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, timeZone)}</time>
              {' · '}
              {t('settings.activityBy', { actor: e.actor || t('audit.unknownActor') })}
              {e.subject && e.subjectId !== e.actorId && (
                <>
                  {' · '}
                  {t('audit.about', { subject: e.subject })}
                </>
              )}
              {showIds && (
                <>
                  {' · #'}
                  {e.id}
                </>
              )}
            </p>
            {showIds && (
              <dl className="audit-item__ids">
                {e.actorId && (
                  <>
                    <dt>{t('admin.actorId')}</dt>
                    <dd>
                      <code>{e.actorId}</code>
                    </dd>
                  </>
                )}
                {e.subjectId && (
                  <>
                    <dt>{t('admin.subjectId')}</dt>
                    <dd>
                      <code>{e.subjectId}</code>
                    </dd>
                  </>
                )}
                <dt>{t('admin.colDetails')}</dt>
                <dd>
                  <code>
                    {e.resourceType}
                    {e.resourceId ? ` ${e.resourceId}` : ''}
                  </code>
                </dd>
              </dl>
            )}
            {meta.length > 0 && (
              <ul className="audit-item__facts">
                {meta.map(([k, v]) => (
                  <li key={k}>
                    {k.replace(/_/g, ' ')}: {String(v)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
