import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { queryKeys } from '../../lib/query.ts';

/**
 * How often the bell asks for the unread count. The server also pushes `inbox:unread` over
 * the live socket; until the web app has its socket client, the bell polls (and asks again
 * when the tab comes back into view).
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
