import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { api, type GroupMemberList } from '../../lib/api.ts';
import { apiErrorMessage } from '../../lib/form.ts';

type Member = GroupMemberList['members'][number];

/** Members of the group, by display name: shown to its members and staff only. */
export default function MemberList({
  slug,
  canManage,
  onChanged,
}: {
  slug: string;
  canManage: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setMembers((await api.groupMembers(slug)).members);
    } catch (e) {
      setError(apiErrorMessage(e, t));
    }
  }, [slug, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api.decideMember(slug, removing.userId, 'remove');
      setStatus(t('groups.removed', { name: removing.displayName }));
      setRemoving(null);
      await load();
      await onChanged();
    } catch (e) {
      setRemoving(null);
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel stack" aria-labelledby="members-title">
      <h2 id="members-title">{t('groups.members')}</h2>
      <p className="hint">{t('groups.membersHint')}</p>
      <div role="status">{status && <p className="notice notice--success">{status}</p>}</div>
      {error && <p className="notice notice--error">{error}</p>}
      {members && (
        <ul className="member-list">
          {members.map((m) => (
            <li key={m.userId}>
              <span>
                {m.displayName}
                {m.pronouns && <span className="small"> ({m.pronouns})</span>}
                {m.role === 'facilitator' && <span className="tag">{t('groups.facilitator')}</span>}
                {m.isYou && <span className="small"> {t('admin.you')}</span>}
              </span>
              {canManage && !m.isYou && m.role !== 'facilitator' && (
                <button
                  type="button"
                  className="button button--danger-quiet"
                  onClick={() => setRemoving(m)}
                >
                  {t('groups.remove')}
                  <span className="visually-hidden"> {m.displayName}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('groups.removeConfirm', { name: removing?.displayName ?? '' })}
        confirmLabel={t('groups.remove')}
        danger
        pending={busy}
        onCancel={() => setRemoving(null)}
        onConfirm={() => void remove()}
      >
        <p>{t('groups.removeText')}</p>
      </ConfirmDialog>
    </section>
  );
}
