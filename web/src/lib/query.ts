import { QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminUserQuery, AuditQuery } from '../../../contracts/admin.ts';
import type { ChangeRequestQuery } from '../../../contracts/change-requests.ts';
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
  crisisLines: () => ['admin', 'settings', 'crisis-lines'] as const,
  adminUsers: (filters: AdminUserFilters) => ['admin', 'users', filters] as const,
  adminAudit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
  finder: (search: string) => ['finder', search] as const,
  group: (slug: string) => ['groups', slug] as const,
  groupMeetings: (slug: string, tz: string | null) => ['groups', slug, 'meetings', tz] as const,
  groupMembers: (slug: string) => ['groups', slug, 'members'] as const,
  groupRequests: (slug: string) => ['groups', slug, 'requests'] as const,
  /** Pending invitations: every one (admins) or one group's. */
  invitations: (groupSlug?: string) => ['invitations', groupSlug ?? 'all'] as const,
  meeting: (slug: string, tz: string | null) => ['meetings', slug, tz] as const,
  changeRequests: (slug: string, status: ChangeRequestQuery['status']) =>
    ['meetings', slug, 'change-requests', status] as const,
  calendarFeed: () => ['calendar', 'feed'] as const,
  /** The inbox family: the list, the unread count and the preferences share its root. */
  notifications: () => ['notifications', 'list'] as const,
  unreadCount: () => ['notifications', 'unread'] as const,
  notificationPreferences: () => ['notifications', 'preferences'] as const,
  meetingReminders: (slug: string) => ['notifications', 'reminders', slug] as const,
  home: (tz: string | null) => ['me', 'home', tz] as const,
  myAttendance: (page: number) => ['me', 'attendance', page] as const,
  mySurveys: () => ['me', 'attendance', 'surveys'] as const,
  occurrenceAttendance: (slug: string, occurrenceId: string) =>
    ['meetings', slug, 'occurrences', occurrenceId, 'attendance'] as const,
  checkInCode: (slug: string, occurrenceId: string) =>
    ['meetings', slug, 'occurrences', occurrenceId, 'check-in-code'] as const,
  surveyAggregate: (slug: string, occurrenceId: string) =>
    ['meetings', slug, 'occurrences', occurrenceId, 'survey'] as const,
  publicSettings: () => ['settings', 'public'] as const,
  publicOrganisation: () => ['settings', 'organisation'] as const,
  organisationSettings: () => ['admin', 'settings', 'organisation'] as const,
};

/**
 * After a change to the directory made in this tab (a group or meeting saved, a member
 * joined, approved or removed, a date cancelled, an import): every answer about groups,
 * meetings, the finder and the person's home is out of date. Those on screen are asked again (awaited); the
 * rest are dropped, so the next page shows a fresh answer rather than the old one first.
 */
export async function refreshDirectory(client: QueryClient): Promise<void> {
  const families = [['finder'], ['groups'], ['meetings'], ['me']];
  for (const queryKey of families) client.removeQueries({ queryKey, type: 'inactive' });
  await Promise.all(families.map((queryKey) => client.invalidateQueries({ queryKey })));
}

interface DirectoryAction {
  /** The request to make. */
  request: () => Promise<unknown>;
  /** The success message (announced in a status region). */
  done: string;
  /** Which row's button asked (its buttons stay disabled while it runs). */
  id?: string;
}

/**
 * A button that changes the directory (join, leave, approve, remove, accept a suggestion):
 * one request at a time, its success message, its error, and the directory asked again.
 */
export function useDirectoryAction() {
  const client = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (action: DirectoryAction) => action.request(),
    onMutate: () => setStatus(null),
    onSuccess: async (_, action) => {
      setStatus(action.done);
      await refreshDirectory(client);
    },
  });
  const pending = mutation.isPending;
  return {
    status,
    error: mutation.error,
    pending,
    /** The id of the row whose request is on its way. */
    pendingId: pending ? mutation.variables?.id : undefined,
    run: (action: DirectoryAction, onSettled?: () => void) => {
      if (!pending) mutation.mutate(action, { onSettled });
    },
  };
}
