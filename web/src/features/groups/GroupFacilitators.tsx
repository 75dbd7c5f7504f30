import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateInvitationBody } from '../../../../contracts/invitations.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmailField } from '../../components/fields.tsx';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { api, type GroupMemberList } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { formatDateTime } from '../../lib/format.ts';
import { queryKeys, useDirectoryAction } from '../../lib/query.ts';

type Member = GroupMemberList['members'][number];

/**
 * Who facilitates the group, for its facilitators and admins. Admins add someone from the
 * group's members or remove a facilitator (a warning before the last one goes); everyone
 * here may invite a co-facilitator by email and withdraw a pending invitation.
 */
export default function GroupFacilitators({
  slug,
  canChoose,
}: {
  slug: string;
  /** Admins: add from the members and remove (the API's `canManageFacilitators`). */
  canChoose: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const members = useQuery({
    queryKey: queryKeys.groupMembers(slug),
    queryFn: () => api.groupMembers(slug),
  });
  const pending = useQuery({
    queryKey: queryKeys.invitations(slug),
    queryFn: () => api.invitations(slug),
  });
  const action = useDirectoryAction();
  const [chosen, setChosen] = useState('');
  const [removing, setRemoving] = useState<{ member: Member; isLast: boolean } | null>(null);
  const form = useForm();
  const [email, setEmail] = useState('');

  const refreshInvitations = () => client.invalidateQueries({ queryKey: ['invitations'] });

  const add = (member: Member) =>
    action.run(
      {
        id: member.userId,
        request: () => api.addFacilitator(slug, member.userId),
        done: t('staffing.added', { name: member.displayName }),
      },
      () => setChosen(''),
    );

  const remove = () => {
    if (!removing) return;
    const { member } = removing;
    action.run(
      {
        id: member.userId,
        request: () => api.removeFacilitator(slug, member.userId),
        done: t('staffing.removed', { name: member.displayName }),
      },
      () => setRemoving(null),
    );
  };

  const invite = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(CreateInvitationBody, {
        email,
        role: 'facilitator',
        groupSlug: slug,
      });
      await api.invite(body);
      await refreshInvitations();
      setEmail('');
      return t('staffing.invited', { email: body.email });
    });
  };

  const revoke = (id: string, who: string) =>
    action.run({
      id,
      request: async () => {
        await api.revokeInvitation(id);
        await refreshInvitations();
      },
      done: t('staffing.revoked', { email: who }),
    });

  return (
    <section className="panel stack" aria-labelledby="facilitators-title">
      <h2 id="facilitators-title">{t('staffing.title')}</h2>
      <p className="hint">{t('staffing.hint')}</p>
      <ActionOutcome status={action.status} error={action.error} />
      <QueryState query={members}>
        {({ members: everyone }) => {
          const facilitators = everyone.filter((m) => m.role === 'facilitator');
          const others = everyone.filter((m) => m.role !== 'facilitator');
          const candidate = others.find((m) => m.userId === chosen);
          return (
            <>
              {facilitators.length === 0 ? (
                <p>{t('staffing.none')}</p>
              ) : (
                <ul className="member-list" aria-label={t('staffing.current')}>
                  {facilitators.map((m) => (
                    <li key={m.userId}>
                      <span>
                        {m.displayName}
                        {m.isYou && <span className="small"> {t('admin.you')}</span>}
                      </span>
                      {canChoose && (
                        <button
                          type="button"
                          className="button button--danger-quiet"
                          disabled={action.pendingId === m.userId}
                          onClick={() =>
                            setRemoving({ member: m, isLast: facilitators.length === 1 })
                          }
                        >
                          {t('staffing.remove')}
                          <span className="visually-hidden"> {m.displayName}</span>
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {canChoose && others.length > 0 && (
                <div className="field">
                  <label htmlFor="f-new-facilitator">{t('staffing.fromMembers')}</label>
                  <p className="hint" id="f-new-facilitator-hint">
                    {t('staffing.fromMembersHint')}
                  </p>
                  <div className="row-actions">
                    <select
                      id="f-new-facilitator"
                      aria-describedby="f-new-facilitator-hint"
                      value={chosen}
                      onChange={(e) => setChosen(e.target.value)}
                    >
                      <option value="">{t('staffing.choose')}</option>
                      {others.map((m) => (
                        <option key={m.userId} value={m.userId}>
                          {m.displayName}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={!candidate || action.pending}
                      onClick={() => candidate && add(candidate)}
                    >
                      {t('staffing.add')}
                    </button>
                  </div>
                </div>
              )}
            </>
          );
        }}
      </QueryState>

      <form className="stack" onSubmit={invite} noValidate>
        <h3>{t('staffing.inviteTitle')}</h3>
        <ErrorSummary form={form} labels={{ email: t('fields.email') }} />
        <EmailField
          form={form}
          value={email}
          onChange={setEmail}
          label={t('staffing.inviteEmail')}
          hint={t('staffing.inviteHint')}
          autoComplete="email"
        />
        <FormEnd form={form} label={t('staffing.send')} pendingText={t('staffing.sending')} />
      </form>

      <QueryState query={pending}>
        {({ invitations }) =>
          invitations.length > 0 && (
            <>
              <h3>{t('staffing.pending')}</h3>
              <ul className="member-list">
                {invitations.map((i) => (
                  <li key={i.id}>
                    <span>
                      <span className="break">{i.email}</span>
                      <br />
                      <span className="small">
                        {t('staffing.expires', { date: formatDateTime(i.expiresAt) })}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="button button--danger-quiet"
                      disabled={action.pendingId === i.id}
                      onClick={() => revoke(i.id, i.email)}
                    >
                      {t('staffing.revoke')}
                      <span className="visually-hidden"> {i.email}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </QueryState>

      <ConfirmDialog
        open={removing !== null}
        title={t('staffing.removeConfirm', { name: removing?.member.displayName ?? '' })}
        confirmLabel={t('staffing.remove')}
        danger
        pending={action.pending}
        onCancel={() => setRemoving(null)}
        onConfirm={remove}
      >
        <p>{removing?.isLast ? t('staffing.lastWarning') : t('staffing.removeText')}</p>
      </ConfirmDialog>
    </section>
  );
}
