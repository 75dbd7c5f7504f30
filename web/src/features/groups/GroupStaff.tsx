import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { TwoFactorPanel, isTwoFactorRequired } from '../admin/AdminLayout.tsx';
import { api, type JoinRequestList } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { queryKeys, useDirectoryAction } from '../../lib/query.ts';

type JoinRequest = JoinRequestList['requests'][number];

/** Facilitators and admins: requests to join, approved or declined one by one. */
export default function GroupStaff({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.groupRequests(slug),
    queryFn: () => api.groupRequests(slug),
  });
  const action = useDirectoryAction();

  const decide = (r: JoinRequest, kind: 'approve' | 'decline') =>
    action.run({
      id: r.userId,
      request: () => api.decideMember(slug, r.userId, kind),
      done:
        kind === 'approve'
          ? t('groups.approved', { name: r.displayName })
          : t('groups.declined', { name: r.displayName }),
    });

  if (isTwoFactorRequired(query.error)) return <TwoFactorPanel />;
  return (
    <section className="panel stack" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('groups.requests')}</h2>
      <ActionOutcome status={action.status} error={action.error} />
      <QueryState query={query}>
        {({ requests }) =>
          requests.length === 0 ? (
            <p>{t('groups.noRequests')}</p>
          ) : (
            <ul className="member-list">
              {requests.map((r) => (
                <li key={r.userId}>
                  <span>
                    <strong>{r.displayName}</strong>
                    {r.pronouns && <span className="small"> ({r.pronouns})</span>}
                    <br />
                    <span className="small">
                      {t('groups.askedOn', { date: formatDateTime(r.requestedAt) })}
                      {r.agreementAccepted && ` · ${t('groups.acceptedAgreement')}`}
                    </span>
                    {r.message && (
                      <span className="join-message">
                        <span className="visually-hidden">{t('groups.theirMessage')}: </span>
                        {r.message}
                      </span>
                    )}
                  </span>
                  <span className="row-actions">
                    <button
                      type="button"
                      className="button button--primary"
                      disabled={action.pendingId === r.userId}
                      onClick={() => decide(r, 'approve')}
                    >
                      {t('groups.approve')}
                      <span className="visually-hidden"> {r.displayName}</span>
                    </button>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={action.pendingId === r.userId}
                      onClick={() => decide(r, 'decline')}
                    >
                      {t('groups.decline')}
                      <span className="visually-hidden"> {r.displayName}</span>
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
