import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TwoFactorPanel } from '../admin/AdminLayout.tsx';
import { ApiError, api, type JoinRequestList } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';

type JoinRequest = JoinRequestList['requests'][number];

/** Facilitators and admins: requests to join, approved or declined one by one. */
export default function GroupStaff({
  slug,
  onChanged,
}: {
  slug: string;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [requests, setRequests] = useState<JoinRequest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needs2fa, setNeeds2fa] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRequests((await api.groupRequests(slug)).requests);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'two_factor_required') setNeeds2fa(true);
      else setError(apiErrorMessage(e, t));
    }
  }, [slug, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (r: JoinRequest, kind: 'approve' | 'decline') => {
    setBusy(r.userId);
    setStatus(null);
    try {
      await api.decideMember(slug, r.userId, kind);
      setStatus(
        kind === 'approve'
          ? t('groups.approved', { name: r.displayName })
          : t('groups.declined', { name: r.displayName }),
      );
      await load();
      await onChanged();
    } catch (e) {
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  if (needs2fa) return <TwoFactorPanel />;
  return (
    <section className="panel stack" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('groups.requests')}</h2>
      <div role="status">{status && <p className="notice notice--success">{status}</p>}</div>
      {error && <p className="notice notice--error">{error}</p>}
      {requests === null ? null : requests.length === 0 ? (
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
              </span>
              <span className="row-actions">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={busy === r.userId}
                  onClick={() => void decide(r, 'approve')}
                >
                  {t('groups.approve')}
                  <span className="visually-hidden"> {r.displayName}</span>
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={busy === r.userId}
                  onClick={() => void decide(r, 'decline')}
                >
                  {t('groups.decline')}
                  <span className="visually-hidden"> {r.displayName}</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
