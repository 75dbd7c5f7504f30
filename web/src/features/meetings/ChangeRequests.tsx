import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { api, type ChangeRequestView } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { queryKeys, useDirectoryAction } from '../../lib/query.ts';
import { isTwoFactorRequired } from '../admin/AdminLayout.tsx';
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
export default function ChangeRequests({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.changeRequests(slug, 'pending'),
    queryFn: () => api.meetingChangeRequests(slug, 'pending'),
  });
  // An accepted suggestion changes the meeting: the whole directory is asked again.
  const action = useDirectoryAction();
  const [notes, setNotes] = useState<Record<string, string>>({});

  const decide = (cr: ChangeRequestView, decision: 'accept' | 'reject') =>
    action.run({
      id: cr.id,
      request: () => api.decideChangeRequest(cr.id, decision, notes[cr.id]?.trim() || undefined),
      done: decision === 'accept' ? t('meetings.crAccepted') : t('meetings.crRejected'),
    });

  return (
    <section className="panel stack" aria-labelledby="cr-title">
      <h2 id="cr-title">{t('meetings.crTitle')}</h2>
      <ActionOutcome status={action.status} error={action.error} />
      <QueryState
        query={query}
        renderError={(e) =>
          isTwoFactorRequired(e) ? (
            <p className="notice notice--error">{t('admin.twoFactorText')}</p>
          ) : undefined
        }
      >
        {({ changeRequests: list }) =>
          list.length === 0 ? (
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
                      {t('meetings.crReply')}{' '}
                      <span className="optional">({t('common.optional')})</span>
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
                      disabled={action.pendingId === cr.id}
                      onClick={() => decide(cr, 'accept')}
                    >
                      {t('meetings.crAccept')}
                    </button>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={action.pendingId === cr.id}
                      onClick={() => decide(cr, 'reject')}
                    >
                      {t('meetings.crReject')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
