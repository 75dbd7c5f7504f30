import { QueryClient } from '@tanstack/react-query';
import type { AdminUserQuery, AuditQuery } from '../../../contracts/admin.ts';
import type { ChangeRequestQuery } from '../../../contracts/meetings.ts';
import { ApiError } from './api.ts';

/** Network failures and 5xx are worth one more try; a 4xx answer will not change by asking again. */
export const isRetryable = (e: unknown) =>
  e instanceof ApiError && (e.status === 0 || e.status >= 500);

/** The app's one cache of server answers. Tests build their own. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 1 && isRetryable(error),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}

type AdminUserFilters = Pick<AdminUserQuery, 'q' | 'role' | 'status'>;
type AuditFilters = Pick<AuditQuery, 'actorId' | 'subjectId' | 'action'>;

/**
 * Query keys, one family per resource. A key starts with the resource and carries every
 * parameter the answer depends on (the route's slug first), so two pages never share an
 * answer and invalidating `['groups', slug]` refreshes everything about that group.
 */
export const queryKeys = {
  sessions: () => ['auth', 'sessions'] as const,
  setupStatus: () => ['setup'] as const,
  myAudit: () => ['account', 'audit'] as const,
  mapSettings: () => ['admin', 'settings', 'map'] as const,
  adminUsers: (filters: AdminUserFilters) => ['admin', 'users', filters] as const,
  adminAudit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
  finder: (search: string) => ['finder', search] as const,
  group: (slug: string) => ['groups', slug] as const,
  groupMeetings: (slug: string, tz: string | null) => ['groups', slug, 'meetings', tz] as const,
  groupMembers: (slug: string) => ['groups', slug, 'members'] as const,
  groupRequests: (slug: string) => ['groups', slug, 'requests'] as const,
  meeting: (slug: string, tz: string | null) => ['meetings', slug, tz] as const,
  changeRequests: (slug: string, status: ChangeRequestQuery['status']) =>
    ['meetings', slug, 'change-requests', status] as const,
  calendarFeed: () => ['calendar', 'feed'] as const,
};
