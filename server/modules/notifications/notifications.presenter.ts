import type { NotificationKind, NotificationView } from '../../../contracts/notifications.ts';
import { renderNotification, type Reader } from './notification-kinds.ts';
import type { NotificationRow } from './notifications.repository.ts';

/** An inbox entry in the reader's words: never the raw row (no dedupe key, no email state). */
export function presentNotification(row: NotificationRow, reader: Reader): NotificationView {
  const text = renderNotification(row.kind, row.data, reader);
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    title: text.title,
    body: text.body,
    link: text.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}
