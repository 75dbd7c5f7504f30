import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { api, type CalendarFeedCreated, type CalendarFeedStatus } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

/** Settings: the private "my meetings" calendar URL — create, rotate, revoke, copy. */
export default function CalendarFeedSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.calendarFeed(), queryFn: api.calendarFeed });
  // The address is shown once, right after it is made; the server never shows it again.
  const [created, setCreated] = useState<CalendarFeedCreated | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'rotate' | 'revoke' | null>(null);
  const wasActive = query.data?.active ?? false;
  const change = useMutation({
    /** The new address, or null once it is turned off. */
    mutationFn: async (kind: 'create' | 'revoke'): Promise<CalendarFeedCreated | null> => {
      if (kind === 'create') return api.rotateCalendarFeed();
      await api.revokeCalendarFeed();
      return null;
    },
    onMutate: () => setStatus(null),
    onSuccess: (c) => {
      setCreated(c);
      queryClient.setQueryData<CalendarFeedStatus>(queryKeys.calendarFeed(), {
        active: c !== null,
        createdAt: c?.createdAt ?? null,
      });
      setStatus(
        c === null
          ? t('calendarFeed.revoked')
          : wasActive
            ? t('calendarFeed.rotated')
            : t('calendarFeed.created'),
      );
    },
    onSettled: () => setConfirm(null),
  });
  const busy = change.isPending;
  const create = () => change.mutate('create');
  const revoke = () => change.mutate('revoke');

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
      <ActionOutcome status={status} error={change.error} />
      <QueryState query={query}>
        {(feed) => (
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
                  onClick={create}
                >
                  {t('calendarFeed.create')}
                </button>
              )}
            </div>
          </div>
        )}
      </QueryState>
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm === 'revoke' ? t('calendarFeed.revokeConfirm') : t('calendarFeed.rotateConfirm')
        }
        confirmLabel={confirm === 'revoke' ? t('calendarFeed.revoke') : t('calendarFeed.rotate')}
        danger={confirm === 'revoke'}
        pending={busy}
        onCancel={() => setConfirm(null)}
        onConfirm={() => (confirm === 'revoke' ? revoke() : create())}
      >
        <p>{t('calendarFeed.oldStops')}</p>
      </ConfirmDialog>
    </>
  );
}
