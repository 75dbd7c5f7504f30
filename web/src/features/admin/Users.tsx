import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Loading } from '../../components/forms.tsx';
import { ApiError, api, type AdminUserView, type Role } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { TwoFactorPanel } from './AdminLayout.tsx';

// Organisation settings (the finder's map), until they have a tab of their own.

type Filters = { q: string; role: string; status: string };
type Pending =
  | { kind: 'role'; user: AdminUserView; role: Role }
  | { kind: 'suspend'; user: AdminUserView }
  | { kind: 'unsuspend'; user: AdminUserView };

export default function Users() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const [draft, setDraft] = useState<Filters>({ q: '', role: '', status: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [users, setUsers] = useState<AdminUserView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needs2fa, setNeeds2fa] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [roleDraft, setRoleDraft] = useState<Record<string, Role>>({});

  const handle = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.code === 'two_factor_required') setNeeds2fa(true);
      else setError(apiErrorMessage(e, t));
    },
    [t],
  );

  const load = useCallback(
    async (f: Filters, after: string | null) => {
      setBusy(true);
      try {
        const page = await api.adminUsers({ ...f, after });
        setUsers((prev) => (after && prev ? [...prev, ...page.users] : page.users));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        handle(e);
      } finally {
        setBusy(false);
      }
    },
    [handle],
  );
  useEffect(() => {
    void load(filters, null);
  }, [load, filters]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };

  const replace = (updated: AdminUserView | null, id: string, patch: Partial<AdminUserView>) =>
    setUsers((list) =>
      list ? list.map((u) => (u.id === id ? (updated ?? { ...u, ...patch }) : u)) : list,
    );

  const confirm = async () => {
    if (!pending || busy) return;
    setBusy(true);
    setStatus(null);
    const { user } = pending;
    try {
      if (pending.kind === 'role') {
        const updated = await api.setRole(user.id, pending.role);
        replace(updated && 'id' in updated ? updated : null, user.id, { role: pending.role });
        setStatus(
          t('admin.roleChanged', {
            name: user.displayName,
            role: t(`admin.roles.${pending.role}`),
          }),
        );
      } else if (pending.kind === 'suspend') {
        const updated = await api.suspend(user.id, reason.trim() || undefined);
        replace(updated && 'id' in updated ? updated : null, user.id, { status: 'suspended' });
        setStatus(t('admin.suspended', { name: user.displayName }));
      } else {
        const updated = await api.unsuspend(user.id);
        replace(updated && 'id' in updated ? updated : null, user.id, { status: 'active' });
        setStatus(t('admin.unsuspended', { name: user.displayName }));
      }
      setPending(null);
      setReason('');
    } catch (e) {
      setPending(null);
      handle(e);
    } finally {
      setBusy(false);
    }
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
                onChange={(e) => setDraft({ ...draft, role: e.target.value })}
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
                onChange={(e) => setDraft({ ...draft, status: e.target.value })}
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
          {error && (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          )}
          {!users && !error && <Loading />}
          {users && users.length === 0 && <p>{t('admin.noUsers')}</p>}
          {users && users.length > 0 && (
            <div className="table-wrap">
              <table className="table table--cards">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.colName')}</th>
                    <th scope="col">{t('admin.colEmail')}</th>
                    <th scope="col">{t('admin.colRole')}</th>
                    <th scope="col">{t('admin.colStatus')}</th>
                    <th scope="col">{t('admin.col2fa')}</th>
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
                        <th scope="row" data-label={t('admin.colName')}>
                          {u.displayName} {isMe && <span className="small">{t('admin.you')}</span>}
                        </th>
                        <td data-label={t('admin.colEmail')} className="break">
                          {u.email}
                        </td>
                        <td data-label={t('admin.colRole')}>{t(`admin.roles.${u.role}`)}</td>
                        <td data-label={t('admin.colStatus')}>
                          <span className={u.status === 'active' ? 'tag tag--ok' : 'tag tag--warn'}>
                            {t(`admin.statuses.${u.status}`)}
                          </span>
                        </td>
                        <td data-label={t('admin.col2fa')}>
                          {u.twoFactorEnabled ? t('common.yes') : t('common.no')}
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
          {cursor && (
            <div className="actions">
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => void load(filters, cursor)}
              >
                {t('common.showMore')}
              </button>
            </div>
          )}
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
              : pending
                ? t('admin.confirmUnsuspend', { name: pending.user.displayName })
                : ''
        }
        confirmLabel={
          pending?.kind === 'role'
            ? t('admin.changeRole')
            : pending?.kind === 'suspend'
              ? t('admin.suspend')
              : t('admin.unsuspend')
        }
        onConfirm={() => void confirm()}
        onCancel={() => {
          setPending(null);
          setReason('');
        }}
      >
        {pending?.kind === 'role' && <p>{t('admin.confirmRoleText')}</p>}
        {pending?.kind === 'unsuspend' && <p>{t('admin.confirmUnsuspendText')}</p>}
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
