import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ActionOutcome, QueryState } from '../../components/QueryState.tsx';
import { api, type GroupMemberList } from '../../lib/api.ts';
import { queryKeys, useDirectoryAction } from '../../lib/query.ts';

type Member = GroupMemberList['members'][number];

/** Members of the group, by display name: shown to its members and staff only. */
export default function MemberList({ slug, canManage }: { slug: string; canManage: boolean }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: queryKeys.groupMembers(slug),
    queryFn: () => api.groupMembers(slug),
  });
  const action = useDirectoryAction();
  const [removing, setRemoving] = useState<Member | null>(null);

  const remove = () => {
    if (!removing) return;
    action.run(
      {
        request: () => api.decideMember(slug, removing.userId, 'remove'),
        done: t('groups.removed', { name: removing.displayName }),
      },
      () => setRemoving(null),
    );
  };

  return (
    <section className="panel stack" aria-labelledby="members-title">
      <h2 id="members-title">{t('groups.members')}</h2>
      <p className="hint">{t('groups.membersHint')}</p>
      <ActionOutcome status={action.status} error={action.error} />
      <QueryState query={query}>
        {({ members }) => (
          <ul className="member-list">
            {members.map((m) => (
              <li key={m.userId}>
                <span>
                  {m.displayName}
                  {m.pronouns && <span className="small"> ({m.pronouns})</span>}
                  {m.role === 'facilitator' && (
                    <span className="tag">{t('groups.facilitator')}</span>
                  )}
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
      </QueryState>
      <ConfirmDialog
        open={removing !== null}
        title={t('groups.removeConfirm', { name: removing?.displayName ?? '' })}
        confirmLabel={t('groups.remove')}
        danger
        pending={action.pending}
        onCancel={() => setRemoving(null)}
        onConfirm={remove}
      >
        <p>{t('groups.removeText')}</p>
      </ConfirmDialog>
    </section>
  );
}
