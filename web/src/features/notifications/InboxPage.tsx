import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ActionOutcome, QueryState, ShowMore } from '../../components/QueryState.tsx';
import { api, type NotificationList } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

/** /inbox: the person's notifications, newest first, with "mark read" one by one or all. */
export default function InboxPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: queryKeys.notifications(),
    queryFn: ({ pageParam }) => api.notifications(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last: NotificationList) => last.nextBefore,
  });
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.notifications() }),
      client.invalidateQueries({ queryKey: queryKeys.unreadCount() }),
    ]);
  const markOne = useMutation({ mutationFn: api.markNotificationRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: api.markAllNotificationsRead, onSuccess: refresh });
  const title = t('notifications.inboxTitle');
  const first = query.data?.pages[0];

  return (
    <div className="narrow stack">
      <PageHeading>{title}</PageHeading>
      <p>{t('notifications.inboxIntro')}</p>
      <QueryState query={query} loadingLabel={t('notifications.loading')}>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          if (items.length === 0) return <p>{t('notifications.empty')}</p>;
          return (
            <>
              <p aria-live="polite">
                {t('notifications.unreadSummary', { count: first?.unread ?? 0 })}
              </p>
              {(first?.unread ?? 0) > 0 && (
                <div className="actions">
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={markAll.isPending}
                    onClick={() => markAll.mutate()}
                  >
                    {t('notifications.markAllRead')}
                  </button>
                </div>
              )}
              <ActionOutcome
                status={markAll.isSuccess ? t('notifications.allMarked') : null}
                error={markAll.error ?? markOne.error}
              />
              <ul className="notification-list stack" aria-label={title}>
                {items.map((n) => (
                  <li
                    key={n.id}
                    className={n.readAt ? 'notification card' : 'notification card is-unread'}
                  >
                    <p className="notification__title">
                      {!n.readAt && (
                        <span className="visually-hidden">{t('notifications.unread')}: </span>
                      )}
                      {n.link ? (
                        <Link
                          to={n.link}
                          onClick={() => {
                            if (!n.readAt) markOne.mutate(n.id);
                          }}
                        >
                          {n.title}
                        </Link>
                      ) : (
                        n.title
                      )}
                    </p>
                    {n.body && <p>{n.body}</p>}
                    <p className="small muted">
                      <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                    </p>
                    {!n.readAt && (
                      <button
                        type="button"
                        className="link-button"
                        disabled={markOne.isPending}
                        onClick={() => markOne.mutate(n.id)}
                      >
                        {t('notifications.markRead')}
                        <span className="visually-hidden">: {n.title}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <ShowMore query={query} label={t('notifications.more')} />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
