import type { SessionView } from '../../../contracts/auth.ts';
import type { SessionRow } from '../../db/schema/index.ts';

/** One of my signed-in devices; `id` is the stored hash, never the cookie token. */
export function presentSession(row: SessionRow, currentSessionId: string | null): SessionView {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    userAgent: row.userAgent,
    ip: row.ip,
    current: row.id === currentSessionId,
  };
}
