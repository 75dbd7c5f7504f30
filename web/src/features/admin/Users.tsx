import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUserPage } from '../../../../contracts/admin.ts';
import { roles } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { QueryState, ShowMore } from '../../components/QueryState.tsx';
import { api, type AdminUserView, type Role } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { BreakableEmail } from '../../components/BreakableEmail.tsx';
import AdminInvitations from './AdminInvitations.tsx';
import { TwoFactorPanel, isTwoFactorRequired } from './AdminLayout.tsx';

type Filters = { q: string; role: '' | Role; status: '' | AdminUserView['status'] };
type Pending =
  | { kind: 'role'; user: AdminUserView; role: Role }
  | { kind: 'suspend'; user: AdminUserView }
  | { kind: 'unsuspend'; user: AdminUserView }
  | { kind: 'reset2fa'; user: AdminUserView };

const allUserPages = queryKeys.adminUsers({}).slice(0, 2);

export default function Users() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Filters>({ q: '', role: '', status: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [roleDraft, setRoleDraft] = useState<Record<string, Role>>({});

  const key = queryKeys.adminUsers({
    q: filters.q.trim() || undefined,
    role: filters.role || undefined,
    status:
      filters.status === 'active' || filters.status === 'suspended' ? filters.status : undefined,
  });
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => api.adminUsers({ ...key[2], after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const users = query.data?.pages.flatMap((p) => p.users);

  const decide = useMutation({
    mutationFn: (p: Pending) =>
      p.kind === 'role'
        ? api.setRole(p.user.id, p.role)
        : p.kind === 'suspend'
          ? api.suspend(p.user.id, reason.trim() || undefined)
          : p.kind === 'reset2fa'
            ? api.resetTwoFactor(p.user.id)
            : api.unsuspend(p.user.id),
    onMutate: () => setStatus(null),
    onSuccess: (updated, p) => {
      // Show the change at once, then re-read every list the person may appear in.
      queryClient.setQueriesData<InfiniteData<AdminUserPage>>(
        { queryKey: allUserPages },
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((page) => ({
              ...page,
              users: page.users.map((u) => (u.id === updated.id ? updated : u)),
            })),
          },
      );
      void queryClient.invalidateQueries({ queryKey: allUserPages });
      const name = p.user.displayName;
      setStatus(
        p.kind === 'role'
          ? t('admin.roleChanged', { name, role: t(`admin.roles.${p.role}`) })
          : p.kind === 'suspend'
            ? t('admin.suspended', { name })
            : p.kind === 'reset2fa'
              ? t('admin.twoFactorWasReset', { name })
              : t('admin.unsuspended', { name }),
      );
    },
    onSettled: () => {
      setPending(null);
      setReason('');
    },
  });
  const busy = decide.isPending;
  const needs2fa = isTwoFactorRequired(query.error) || isTwoFactorRequired(decide.error);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };

  const confirm = () => {
    if (pending && !busy) decide.mutate(pending);
  };

  return (
    <>
      <PageHeading title={`${t('admin.users')} · ${t('admin.title')}`}>
        {t('admin.users')}
      </PageHeading>
      {needs2fa ? (
        <TwoFactorPanel />
      ) : (
        <>
          <form className="filters" onSubmit={search} role="search">
            <div className="field">
              <label htmlFor="f-q">{t('admin.search')}</label>
              <input
                id="f-q"
                type="search"
                value={draft.q}
                onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="f-role">{t('admin.role')}</label>
              <select
                id="f-role"
                value={draft.role}
                onChange={(e) => setDraft({ ...draft, role: e.target.value as Filters['role'] })}
              >
                <option value="">{t('admin.any')}</option>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`admin.roles.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-status">{t('admin.status')}</label>
              <select
                id="f-status"
                value={draft.status}
                onChange={(e) =>
                  setDraft({ ...draft, status: e.target.value as Filters['status'] })
                }
              >
                <option value="">{t('admin.any')}</option>
                <option value="active">{t('admin.statuses.active')}</option>
                <option value="suspended">{t('admin.statuses.suspended')}</option>
              </select>
            </div>
            <button type="submit" className="button button--primary">
              {t('admin.filter')}
            </button>
          </form>
          <div role="status">
            {status && <p className="notice notice--success">{status}</p>}
            {users && <p className="small">{t('admin.resultCount', { count: users.length })}</p>}
          </div>
          {decide.error && !needs2fa && (
            <p className="notice notice--error" role="alert">
              {apiErrorMessage(decide.error, t)}
            </p>
          )}
          <QueryState query={query}>{() => null}</QueryState>
          {users && users.length === 0 && <p>{t('admin.noUsers')}</p>}
          {users && users.length > 0 && (
            <div className="table-wrap">
              <table className="table table--cards">
                <thead>
                  <tr>
                    <th scope="col" className="users__person">
                      {t('staffing.colPerson')}
                    </th>
                    <th scope="col">{t('staffing.colAccount')}</th>
                    <th scope="col">{t('admin.colJoined')}</th>
                    <th scope="col">{t('admin.colActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {users.map((u) => {
                    const isMe = u.id === me?.id;
                    const chosen = roleDraft[u.id] ?? u.role;
                    return (
                      <tr key={u.id}>
                        <th scope="row" data-label={t('staffing.colPerson')}>
                          <span className="users__name">
                            {u.displayName}{' '}
                            {isMe && <span className="small">{t('admin.you')}</span>}
                          </span>
                          {u.email && (
                            <span className="users__email small">
                              <span className="visually-hidden">{t('admin.colEmail')}: </span>
                              <BreakableEmail email={u.email} />
                            </span>
                          )}
                        </th>
                        <td data-label={t('staffing.colAccount')}>
                          <span className="users__tags">
                            <span className="tag">{t(`admin.roles.${u.role}`)}</span>
                            <span
                              className={u.status === 'active' ? 'tag tag--ok' : 'tag tag--warn'}
                            >
                              {t(`admin.statuses.${u.status}`)}
                            </span>
                            <span className="tag">
                              {u.twoFactorEnabled
                                ? t('staffing.twoFactorOn')
                                : t('staffing.twoFactorOff')}
                            </span>
                          </span>
                        </td>
                        <td data-label={t('admin.colJoined')}>
                          {formatDate(u.createdAt, me?.timezone)}
                        </td>
                        <td data-label={t('admin.colActions')}>
                          {!isMe && u.status !== 'deleted' && (
                            <div className="row-actions">
                              <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                                {t('admin.newRoleFor', { name: u.displayName })}
                              </label>
                              <select
                                id={`role-${u.id}`}
                                value={chosen}
                                onChange={(e) =>
                                  setRoleDraft({ ...roleDraft, [u.id]: e.target.value as Role })
                                }
                              >
                                {roles.map((r) => (
                                  <option key={r} value={r}>
                                    {t(`admin.roles.${r}`)}
                                  </option>
                                ))}
                              </select>
                              <button
                                type="button"
                                className="button button--secondary"
                                disabled={chosen === u.role || busy}
                                onClick={() => setPending({ kind: 'role', user: u, role: chosen })}
                              >
                                {t('admin.changeRole')}
                              </button>
                              {u.status === 'suspended' ? (
                                <button
                                  type="button"
                                  className="button button--secondary"
                                  disabled={busy}
                                  onClick={() => setPending({ kind: 'unsuspend', user: u })}
                                >
                                  {t('admin.unsuspend')}
                                </button>
                              ) : (
                                <button
                                  type="button"
                                  className="button button--danger-quiet"
                                  disabled={busy}
                                  onClick={() => setPending({ kind: 'suspend', user: u })}
                                >
                                  {t('admin.suspend')}
                                </button>
                              )}
                              {u.twoFactorEnabled && (
                                <button
                                  type="button"
                                  className="button button--secondary"
                                  disabled={busy}
                                  onClick={() => setPending({ kind: 'reset2fa', user: u })}
                                >
                                  {t('admin.resetTwoFactor')}
                                </button>
                              )}
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <ShowMore query={query} label={t('common.showMore')} />
          <AdminInvitations />
        </>
      )}
      <ConfirmDialog
        open={pending !== null}
        pending={busy}
        danger={pending?.kind === 'suspend'}
        title={
          pending?.kind === 'role'
            ? t('admin.confirmRole', {
                name: pending.user.displayName,
                role: t(`admin.roles.${pending.role}`),
              })
            : pending?.kind === 'suspend'
              ? t('admin.confirmSuspend', { name: pending.user.displayName })
              : pending?.kind === 'reset2fa'
                ? t('admin.confirmResetTwoFactor', { name: pending.user.displayName })
                : pending
                  ? t('admin.confirmUnsuspend', { name: pending.user.displayName })
                  : ''
        }
        confirmLabel={
          pending?.kind === 'role'
            ? t('admin.changeRole')
            : pending?.kind === 'suspend'
              ? t('admin.suspend')
              : pending?.kind === 'reset2fa'
                ? t('admin.resetTwoFactor')
                : t('admin.unsuspend')
        }
        onConfirm={confirm}
        onCancel={() => {
          setPending(null);
          setReason('');
        }}
      >
        {pending?.kind === 'role' && <p>{t('admin.confirmRoleText')}</p>}
        {pending?.kind === 'unsuspend' && <p>{t('admin.confirmUnsuspendText')}</p>}
        {pending?.kind === 'reset2fa' && <p>{t('admin.confirmResetTwoFactorText')}</p>}
        {pending?.kind === 'suspend' && (
          <>
            <p>{t('admin.confirmSuspendText')}</p>
            <div className="field">
              <label htmlFor="suspend-reason">
                {t('admin.reason')} <span className="optional">({t('common.optional')})</span>
              </label>
              <p className="hint" id="suspend-reason-hint">
                {t('admin.reasonHint')}
              </p>
              <textarea
                id="suspend-reason"
                aria-describedby="suspend-reason-hint"
                maxLength={500}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
