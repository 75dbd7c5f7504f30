import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Loading } from '../../components/forms.tsx';
import { api, type CalendarFeedCreated, type CalendarFeedStatus } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

/** Settings: the private "my meetings" calendar URL — create, rotate, revoke, copy. */
export default function CalendarFeedSettings() {
  const { t } = useTranslation();
  const [feed, setFeed] = useState<CalendarFeedStatus | null>(null);
  const [created, setCreated] = useState<CalendarFeedCreated | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<'rotate' | 'revoke' | null>(null);

  const load = useCallback(async () => {
    try {
      setFeed(await api.calendarFeed());
    } catch (e) {
      setError(apiErrorMessage(e, t));
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async () => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const c = await api.rotateCalendarFeed();
      setCreated(c);
      setFeed({ active: true, createdAt: c.createdAt });
      setStatus(feed?.active ? t('calendarFeed.rotated') : t('calendarFeed.created'));
    } catch (e) {
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.revokeCalendarFeed();
      setCreated(null);
      setFeed({ active: false, createdAt: null });
      setStatus(t('calendarFeed.revoked'));
    } catch (e) {
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setStatus(t('calendarFeed.copied'));
    } catch {
      document.getElementById('calendar-url')?.focus();
      (document.getElementById('calendar-url') as HTMLInputElement | null)?.select();
      setStatus(t('calendarFeed.copyManually'));
    }
  };

  return (
    <>
      <PageHeading title={`${t('calendarFeed.title')} · ${t('settings.title')}`}>
        {t('calendarFeed.title')}
      </PageHeading>
      <p>{t('calendarFeed.intro')}</p>
      <div role="status">{status && <p className="notice notice--success">{status}</p>}</div>
      {error && <p className="notice notice--error">{error}</p>}
      {!feed ? (
        <Loading />
      ) : (
        <div className="panel stack">
          {created ? (
            <>
              <div className="field">
                <label htmlFor="calendar-url">{t('calendarFeed.yourUrl')}</label>
                <p className="hint" id="calendar-url-hint">
                  {t('calendarFeed.secretHint')}
                </p>
                <input
                  id="calendar-url"
                  type="text"
                  readOnly
                  value={created.url}
                  aria-describedby="calendar-url-hint"
                  onFocus={(e) => e.currentTarget.select()}
                />
              </div>
              <div className="actions">
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => void copy()}
                >
                  {t('calendarFeed.copy')}
                </button>
                <a href={created.webcal}>{t('calendarFeed.openApp')}</a>
              </div>
            </>
          ) : feed.active ? (
            <p>
              {t('calendarFeed.activeSince', {
                date: feed.createdAt ? formatDate(feed.createdAt) : '',
              })}
            </p>
          ) : (
            <p>{t('calendarFeed.none')}</p>
          )}
          <div className="actions">
            {feed.active ? (
              <>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={busy}
                  onClick={() => setConfirm('rotate')}
                >
                  {t('calendarFeed.rotate')}
                </button>
                <button
                  type="button"
                  className="button button--danger-quiet"
                  disabled={busy}
                  onClick={() => setConfirm('revoke')}
                >
                  {t('calendarFeed.revoke')}
                </button>
              </>
            ) : (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => void create()}
              >
                {t('calendarFeed.create')}
              </button>
            )}
          </div>
        </div>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm === 'revoke' ? t('calendarFeed.revokeConfirm') : t('calendarFeed.rotateConfirm')
        }
        confirmLabel={confirm === 'revoke' ? t('calendarFeed.revoke') : t('calendarFeed.rotate')}
        danger={confirm === 'revoke'}
        pending={busy}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void (confirm === 'revoke' ? revoke() : create())}
      >
        <p>{t('calendarFeed.oldStops')}</p>
      </ConfirmDialog>
    </>
  );
}
