import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUnreadCount, useUnreadPushes } from './unread.ts';

/**
 * The header's bell: a link to the inbox whose accessible name carries the unread count
 * ("Notifications, 3 unread"). The visible badge is hidden from screen readers (the name
 * already says it).
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const unread = useUnreadCount(true) ?? 0;
  useUnreadPushes();
  const label =
    unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <NavLink to="/inbox" className="notification-bell button button--ghost" aria-label={label}>
      <svg
        aria-hidden="true"
        focusable="false"
        width="22"
        height="22"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {unread > 0 && (
        <span className="notification-bell__badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
