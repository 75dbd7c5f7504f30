import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query.ts';
import { useSocket } from '../../lib/socket.ts';

/**
 * How often the bell asks for the unread count. The server pushes `inbox:unread` over the
 * live socket at once (`useUnreadPushes`); the poll (and a look when the tab comes back into
 * view) covers a connection that is down.
 */
export const UNREAD_POLL_MS = 60_000;

/** The signed-in person's unread count (undefined while unknown). */
export function useUnreadCount(enabled: boolean): number | undefined {
  const query = useQuery({
    queryKey: queryKeys.unreadCount(),
    queryFn: api.unreadCount,
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
  return query.data?.unread;
}

/**
 * What the socket client does on `inbox:unread` (`{ unread }`, contracts/rooms.ts): the bell
 * shows the pushed count at once, and an open inbox asks for its list again.
 */
export function applyUnreadPush(client: QueryClient, payload: { unread: number }): void {
  client.setQueryData(queryKeys.unreadCount(), { unread: payload.unread });
  void client.invalidateQueries({ queryKey: queryKeys.notifications() });
}

/** Listens for `inbox:unread` on the shared live socket while the bell is on the page. */
export function useUnreadPushes(): void {
  const client = useQueryClient();
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    const onUnread = (payload: { unread: number }) => applyUnreadPush(client, payload);
    socket.on('inbox:unread', onUnread);
    return () => {
      socket.off('inbox:unread', onUnread);
    };
  }, [socket, client]);
}
