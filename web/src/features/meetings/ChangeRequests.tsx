import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type ChangeRequestView } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { labelFor } from '../finder/labels.ts';
import { describeRecurrence } from './describe.ts';
import i18n from '../../i18n/index.ts';
import type { Recurrence } from '../../../../contracts/meetings.ts';

/** A field's value in words, for the side-by-side comparison. */
export function showValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? i18n.t('common.yes') : i18n.t('common.no');
  if (field === 'recurrence' && typeof value === 'object' && 'kind' in value)
    return describeRecurrence(value as Recurrence, '');
  if (field === 'types' && Array.isArray(value))
    return value.map((v) => labelFor('types', String(v))).join(', ');
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Staff: pending suggestions for this meeting, each as a side-by-side diff to accept or reject. */
export default function ChangeRequests({
  slug,
  onDecided,
}: {
  slug: string;
  onDecided: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [list, setList] = useState<ChangeRequestView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      setList((await api.meetingChangeRequests(slug)).changeRequests);
      setError(null);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'two_factor_required'
          ? t('admin.twoFactorText')
          : apiErrorMessage(e, t),
      );
    }
  }, [slug, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (cr: ChangeRequestView, decision: 'accept' | 'reject') => {
    setBusy(cr.id);
    setStatus(null);
    try {
      await api.decideChangeRequest(cr.id, decision, notes[cr.id]?.trim() || undefined);
      setStatus(decision === 'accept' ? t('meetings.crAccepted') : t('meetings.crRejected'));
      await load();
      if (decision === 'accept') await onDecided();
    } catch (e) {
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel stack" aria-labelledby="cr-title">
      <h2 id="cr-title">{t('meetings.crTitle')}</h2>
      <div role="status">{status && <p className="notice notice--success">{status}</p>}</div>
      {error && <p className="notice notice--error">{error}</p>}
      {list === null ? null : list.length === 0 ? (
        <p>{t('meetings.crNone')}</p>
      ) : (
        <ul className="cr-list">
          {list.map((cr) => (
            <li key={cr.id} className="cr">
              <p>
                <strong>{t('meetings.crBy', { name: cr.requester })}</strong>{' '}
                <span className="small">{formatDateTime(cr.createdAt)}</span>
              </p>
              {cr.note && <blockquote className="cr__note">{cr.note}</blockquote>}
              <div className="table-wrap">
                <table className="table diff">
                  <caption className="visually-hidden">
                    {t('meetings.crCaption', { name: cr.requester })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('meetings.crField')}</th>
                      <th scope="col">{t('meetings.crNow')}</th>
                      <th scope="col">{t('meetings.crProposed')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cr.diff.map((row) => (
                      <tr key={row.field}>
                        <th scope="row">
                          {t(`meetings.fields.${row.field}`, { defaultValue: row.field })}
                        </th>
                        <td className="diff__old">
                          <del>{showValue(row.field, row.current)}</del>
                        </td>
                        <td className="diff__new">
                          <ins>{showValue(row.field, row.proposed)}</ins>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="field">
                <label htmlFor={`cr-note-${cr.id}`}>
                  {t('meetings.crReply')} <span className="optional">({t('common.optional')})</span>
                </label>
                <textarea
                  id={`cr-note-${cr.id}`}
                  value={notes[cr.id] ?? ''}
                  onChange={(e) => setNotes((n) => ({ ...n, [cr.id]: e.target.value }))}
                />
              </div>
              <div className="actions">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={busy === cr.id}
                  onClick={() => void decide(cr, 'accept')}
                >
                  {t('meetings.crAccept')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={busy === cr.id}
                  onClick={() => void decide(cr, 'reject')}
                >
                  {t('meetings.crReject')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
