import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { api, type SessionView } from '../../lib/api.ts';
import { formatDateTime, describeDevice } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Sessions() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setSessions((await api.sessions()).sessions);
      setError(null);
    } catch (e) {
      setError(apiErrorMessage(e, t));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<void>, message: string) => {
    if (busy) return;
    setBusy(true);
    setStatus(null);
    try {
      await fn();
      setStatus(message);
      await load();
    } catch (e) {
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const others = sessions?.filter((s) => !s.current) ?? [];
  const tz = user?.timezone;
  return (
    <>
      <PageHeading title={`${t('settings.sessions')} · ${t('settings.title')}`}>
        {t('settings.sessions')}
      </PageHeading>
      <p>{t('settings.sessionsIntro')}</p>
      <div role="status">{status && <p className="notice notice--success">{status}</p>}</div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!sessions && !error && <Loading />}
      {sessions && (
        <ul className="session-list">
          {[...sessions]
            .sort((a, b) => Number(b.current) - Number(a.current))
            .map((s) => {
              const device = describeDevice(s.userAgent);
              return (
                <li key={s.id} className="session-item card">
                  <p className="session-item__device">
                    <strong>
                      {device ? t('settings.device', device) : t('settings.unknownDevice')}
                    </strong>
                    {s.current && <span className="tag tag--ok">{t('settings.thisDevice')}</span>}
                  </p>
                  <p className="small">
                    {t('settings.signedInAt', { date: formatDateTime(s.createdAt, tz) })}
                    <br />
                    {t('settings.lastActive', { date: formatDateTime(s.lastSeenAt, tz) })}
                    {s.ip && (
                      <>
                        <br />
                        IP {s.ip}
                      </>
                    )}
                  </p>
                  {!s.current && (
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={busy}
                      onClick={() => void act(() => api.revokeSession(s.id), t('settings.revoked'))}
                    >
                      {t('settings.revoke')}
                    </button>
                  )}
                </li>
              );
            })}
        </ul>
      )}
      {sessions &&
        (others.length > 0 ? (
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void act(() => api.revokeOtherSessions(), t('settings.revokedOthers'))}
            >
              {t('settings.revokeOthers')}
            </button>
          </div>
        ) : (
          <p className="small">{t('settings.noOtherSessions')}</p>
        ))}
    </>
  );
}
