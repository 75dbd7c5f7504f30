import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateInvitationBody } from '../../../../contracts/invitations.ts';
import { BreakableEmail } from '../../components/BreakableEmail.tsx';
import { EmailField } from '../../components/fields.tsx';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { formatDateTime } from '../../lib/format.ts';
import { queryKeys, useDirectoryAction } from '../../lib/query.ts';

/** Admins: invite another admin by email, and see or withdraw every pending invitation. */
export default function AdminInvitations() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.invitations(), queryFn: () => api.invitations() });
  const form = useForm();
  const action = useDirectoryAction();
  const [email, setEmail] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['invitations'] });

  const invite = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(CreateInvitationBody, { email, role: 'admin' });
      await api.invite(body);
      await refresh();
      setEmail('');
      return t('staffing.invited', { email: body.email });
    });
  };

  return (
    <section className="panel stack" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t('staffing.inviteAdminTitle')}</h2>
      <form className="stack" onSubmit={invite} noValidate>
        <ErrorSummary form={form} labels={{ email: t('fields.email') }} />
        <EmailField
          form={form}
          value={email}
          onChange={setEmail}
          label={t('staffing.inviteEmail')}
          hint={t('staffing.inviteAdminHint')}
        />
        <FormEnd form={form} label={t('staffing.send')} pendingText={t('staffing.sending')} />
      </form>
      <h3>{t('staffing.allPending')}</h3>
      <ActionOutcome status={action.status} error={action.error} />
      <QueryState query={query}>
        {({ invitations }) =>
          invitations.length === 0 ? (
            <p>{t('staffing.noPending')}</p>
          ) : (
            <ul className="member-list">
              {invitations.map((i) => (
                <li key={i.id}>
                  <span>
                    <BreakableEmail email={i.email} />
                    <br />
                    <span className="small">
                      {i.role === 'admin'
                        ? t('staffing.roleAdmin')
                        : t('staffing.roleFacilitatorOf', { group: i.group?.name ?? '' })}
                      {i.invitedBy && ` · ${t('staffing.invitedBy', { name: i.invitedBy })}`}
                      {` · ${t('staffing.expires', { date: formatDateTime(i.expiresAt) })}`}
                    </span>
                  </span>
                  <button
                    type="button"
                    className="button button--danger-quiet"
                    disabled={action.pendingId === i.id}
                    onClick={() =>
                      action.run({
                        id: i.id,
                        request: async () => {
                          await api.revokeInvitation(i.id);
                          await refresh();
                        },
                        done: t('staffing.revoked', { email: i.email }),
                      })
                    }
                  >
                    {t('staffing.revoke')}
                    <span className="visually-hidden"> {i.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
