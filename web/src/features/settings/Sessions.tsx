import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { formatDateTime, describeDevice } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

export default function Sessions() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.sessions(), queryFn: api.sessions });
  const [status, setStatus] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: ({ fn }: { fn: () => Promise<void>; message: string }) => fn(),
    onMutate: () => setStatus(null),
    onSuccess: (_, { message }) => setStatus(message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions() }),
  });
  const busy = revoke.isPending;
  const act = (fn: () => Promise<void>, message: string) => {
    if (!busy) revoke.mutate({ fn, message });
  };

  const tz = user?.timezone;
  return (
    <>
      <PageHeading title={`${t('settings.sessions')} · ${t('settings.title')}`}>
        {t('settings.sessions')}
      </PageHeading>
      <p>{t('settings.sessionsIntro')}</p>
      <ActionOutcome status={status} error={revoke.error} />
      <QueryState query={query}>
        {({ sessions }) => (
          <>
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
                        {s.current && (
                          <span className="tag tag--ok">{t('settings.thisDevice')}</span>
                        )}
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
                          onClick={() => act(() => api.revokeSession(s.id), t('settings.revoked'))}
                        >
                          {t('settings.revoke')}
                        </button>
                      )}
                    </li>
                  );
                })}
            </ul>
            {sessions.some((s) => !s.current) ? (
              <div className="actions">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={busy}
                  onClick={() => act(() => api.revokeOtherSessions(), t('settings.revokedOthers'))}
                >
                  {t('settings.revokeOthers')}
                </button>
              </div>
            ) : (
              <p className="small">{t('settings.noOtherSessions')}</p>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}
