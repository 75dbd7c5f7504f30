import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { AuditList } from '../../components/AuditList.tsx';
import { Loading } from '../../components/forms.tsx';
import { api, type AuditPage } from '../../lib/api.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Activity() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [events, setEvents] = useState<AuditPage['events'] | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (before: number | null) => {
      setBusy(true);
      try {
        const page = await api.myAudit(before);
        setEvents((prev) => (before && prev ? [...prev, ...page.events] : page.events));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        setError(apiErrorMessage(e, t));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <>
      <PageHeading title={`${t('settings.activity')} · ${t('settings.title')}`}>
        {t('settings.activity')}
      </PageHeading>
      <p>{t('settings.activityIntro')}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!events && !error && <Loading />}
      {events && events.length === 0 && <p>{t('settings.activityEmpty')}</p>}
      {events && events.length > 0 && <AuditList events={events} timeZone={user?.timezone} />}
      {cursor !== null && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void load(cursor)}
          >
            {t('common.showMore')}
          </button>
        </div>
      )}
    </>
  );
}
