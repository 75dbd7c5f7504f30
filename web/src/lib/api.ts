import type {
  AuditPage,
  ChangeEmailBody,
  ChangePasswordBody,
  ConfirmEmailBody,
  DeleteAccountBody,
  UpdateAccountBody,
} from '../../../contracts/account.ts';
import type {
  AdminUserPage,
  AdminUserQuery,
  AdminUserView,
  AuditQuery,
  AuditVerification,
} from '../../../contracts/admin.ts';
import type {
  CheckYourEmail,
  Me,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  Role,
  SessionList,
  SessionState,
  SessionView,
  SetupStatus,
  SignedIn,
  SignInBody,
  SignInResult,
  SignInLinkBody,
  SignInLinkRequestBody,
  SignUpBody,
  RecoveryCodes,
  RecoveryCodesBody,
  TwoFactorDisableBody,
  TwoFactorEnableBody,
  TwoFactorEnabled,
  TwoFactorSetup,
  TwoFactorSignInBody,
} from '../../../contracts/auth.ts';
import type {
  CheckInBody,
  CheckInCode,
  CheckInResult,
  MarkAttendanceBody,
  MyAttendancePage,
  OccurrenceAttendance,
  PendingSurveyList,
  SurveyAggregate,
  SurveyAnswered,
  SurveyBody,
} from '../../../contracts/attendance.ts';
import type { ErrorBody, ErrorDetail } from '../../../contracts/common.ts';
import type { FinderResponse } from '../../../contracts/finder.ts';
import type { MemberHome } from '../../../contracts/home.ts';
import type {
  CrisisLinesSettings,
  MapSettings,
  OrganisationSettings,
  PublicOrganisation,
  PublicSettings,
  UpdateOrganisationBody,
  UpdateCrisisLinesBody,
  UpdateMapSettingsBody,
} from '../../../contracts/settings.ts';
import type { ImportFeedBody, ImportStreamLine } from '../../../contracts/meeting-guide.ts';
import type {
  CreateGroupInput,
  FacilitatorList,
  GroupMemberList,
  GroupView,
  JoinRequestList,
  JoinResult,
  MatchBody,
  MatchResponse,
  MembershipDecisionResult,
  UpdateGroupInput,
} from '../../../contracts/groups.ts';
import type {
  CalendarFeedCreated,
  CalendarFeedStatus,
  CreateMeetingInput,
  MeetingList,
  MeetingPage,
  MeetingView,
  OccurrenceUpdated,
  UpdateMeetingInput,
  UpdateOccurrenceBody,
} from '../../../contracts/meetings.ts';
import type {
  AcceptInvitationNewBody,
  CreateInvitationBody,
  InvitationAccepted,
  InvitationList,
  InvitationPreview,
  InvitationView,
} from '../../../contracts/invitations.ts';
import type {
  MeetingReminders,
  NotificationList,
  NotificationPreferences,
  UnreadCount,
  UpdateMeetingReminders,
  UpdateNotificationPreferences,
} from '../../../contracts/notifications.ts';
import type {
  ChangeRequestList,
  ChangeRequestQuery,
  ChangeRequestView,
  CreateChangeRequestBody,
  OwnChangeRequestView,
} from '../../../contracts/change-requests.ts';

// Every type below comes from the shared contracts, so a contract change breaks this build.
export type { AuditPage, AdminUserView, Me, Role, SessionState, SessionView };
export type { ChangeRequestView, MeetingList, MeetingPage, MeetingView };
export type { GroupMemberList, GroupView, JoinRequestList, MatchResponse };
export type { CalendarFeedCreated, CalendarFeedStatus, ImportStreamLine, MemberHome };
export type { AuditVerification as Verification, TwoFactorSetup };
export type { InvitationPreview, InvitationView };
export type { MeetingReminders, NotificationList, NotificationPreferences };
export type { CheckInCode, MyAttendancePage, OccurrenceAttendance, SurveyAggregate };
export type FieldErrors = Record<string, string>;
/** One bad field as the server named it, with `field` relative to the body or query. */
export type ApiErrorDetail = ErrorDetail;

/**
 * An API failure: switch on `code`; show it with `describeError` (lib/errors.ts), which
 * words it in the person's language. `message` and `fieldErrors` are the server's English.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly details: readonly ApiErrorDetail[] = [],
    /** From `Retry-After` on a 429. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** The token the server handed out with the session; sent on every state-changing request. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** The current CSRF token (the live connection sends it when it connects). */
export const getCsrfToken = () => csrfToken;

/** `body.email` → `email`; `body.profile.name` → `profile.name`. */
const fieldName = (field: string) => field.replace(/^(body|query|querystring|params)\./, '');

function toFieldErrors(details: readonly ApiErrorDetail[]): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) out[d.field] ??= d.message;
  return out;
}

/** The ApiError for a failed response and its parsed `{ error }` body (if any). */
function failure(res: Response, body: Partial<ErrorBody> | null): ApiError {
  const err = body?.error;
  const details = (err?.details ?? []).map((d) => ({ ...d, field: fieldName(d.field) }));
  const retryAfter = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    err?.code ?? (res.status >= 500 ? 'internal' : 'unknown'),
    err?.message ?? '',
    toFieldErrors(details),
    details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, init);
  } catch {
    throw new ApiError(0, 'network', '');
  }
  let data: unknown = null;
  if (res.status !== 204) {
    const text = await res.text();
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw failure(res, data as Partial<ErrorBody> | null);
  const maybe = data as { csrfToken?: unknown } | null;
  if (maybe && typeof maybe.csrfToken === 'string') csrfToken = maybe.csrfToken;
  return data as T;
}

const occurrencePath = (slug: string, occurrenceId: string, part: string) =>
  `/meetings/${encodeURIComponent(slug)}/occurrences/${encodeURIComponent(occurrenceId)}/${part}`;

/** A query's fields, each optional and nullable (empty ones are left out of the URL). */
type QueryOf<T> = { [K in keyof T]?: T[K] | null };

const qs = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

/**
 * POSTs JSON and reads an NDJSON answer line by line (the import's progress stream). Errors
 * before the stream starts (a 4xx naming fields) throw an ApiError like any other request.
 */
async function streamLines(path: string, body: unknown, onLine: (line: unknown) => void) {
  const headers: Record<string, string> = {
    accept: 'application/x-ndjson, application/json',
    'content-type': 'application/json',
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!res.ok || !res.body) {
    let data: Partial<ErrorBody> | null = null;
    try {
      data = (await res.json()) as Partial<ErrorBody>;
    } catch {
      data = null;
    }
    throw failure(res, data);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) onLine(JSON.parse(line));
    }
    if (done) break;
  }
  if (buffer.trim()) onLine(JSON.parse(buffer));
}

/** Every endpoint the web app uses, typed by the shared contracts. */
export const api = {
  session: () => request<SessionState>('GET', '/auth/session'),
  signUp: (body: SignUpBody) => request<CheckYourEmail>('POST', '/auth/sign-up', body),
  requestSignInLink: (body: SignInLinkRequestBody) =>
    request<CheckYourEmail>('POST', '/auth/sign-in-link/request', body),
  signInWithLink: (body: SignInLinkBody) =>
    request<SignInResult>('POST', '/auth/sign-in-link', body),
  signIn: (body: SignInBody) => request<SignInResult>('POST', '/auth/sign-in', body),
  twoFactorSignIn: (body: TwoFactorSignInBody) =>
    request<SignedIn>('POST', '/auth/two-factor', body),
  signOut: () => request<void>('POST', '/auth/sign-out'),
  requestPasswordReset: (body: PasswordResetRequestBody) =>
    request<void>('POST', '/auth/password-reset/request', body),
  confirmPasswordReset: (body: PasswordResetConfirmBody) =>
    request<void>('POST', '/auth/password-reset/confirm', body),
  sessions: () => request<SessionList>('GET', '/auth/sessions'),
  revokeSession: (id: string) =>
    request<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  revokeOtherSessions: () => request<void>('POST', '/auth/sessions/revoke-others'),
  twoFactorSetup: () => request<TwoFactorSetup>('POST', '/auth/two-factor/setup'),
  twoFactorEnable: (body: TwoFactorEnableBody) =>
    request<TwoFactorEnabled>('POST', '/auth/two-factor/enable', body),
  regenerateRecoveryCodes: (body: RecoveryCodesBody) =>
    request<RecoveryCodes>('POST', '/auth/two-factor/recovery-codes', body),
  twoFactorDisable: (body: TwoFactorDisableBody) =>
    request<Me>('POST', '/auth/two-factor/disable', body),

  account: () => request<Me>('GET', '/account'),
  updateAccount: (body: UpdateAccountBody) => request<Me>('PATCH', '/account', body),
  changeEmail: (body: ChangeEmailBody) => request<void>('POST', '/account/email', body),
  verifyEmail: () => request<{ expiresAt: string }>('POST', '/account/email/verify'),
  confirmEmail: (body: ConfirmEmailBody) => request<Me>('POST', '/account/email/confirm', body),
  changePassword: (body: ChangePasswordBody) => request<void>('POST', '/account/password', body),
  deleteAccount: (body: DeleteAccountBody) => request<void>('DELETE', '/account', body),
  myAudit: (before?: number | null) => request<AuditPage>('GET', `/account/audit${qs({ before })}`),
  exportUrl: '/api/account/export',

  setupStatus: () => request<SetupStatus>('GET', '/setup'),
  setup: (body: SignUpBody) => request<SignedIn>('POST', '/setup', body),

  publicSettings: () => request<PublicSettings>('GET', '/settings/public'),
  publicOrganisation: () => request<PublicOrganisation>('GET', '/settings/organisation'),
  organisation: () => request<OrganisationSettings>('GET', '/admin/settings/organisation'),
  updateOrganisation: (body: UpdateOrganisationBody) =>
    request<OrganisationSettings>('PUT', '/admin/settings/organisation', body),
  updateLogo: (body: { data: string }) =>
    request<{ logoUrl: string }>('PUT', '/admin/settings/logo', body),
  deleteLogo: () => request<void>('DELETE', '/admin/settings/logo'),
  mapSettings: () => request<MapSettings>('GET', '/admin/settings/map'),
  updateMapSettings: (body: UpdateMapSettingsBody) =>
    request<MapSettings>('PUT', '/admin/settings/map', body),
  crisisLines: () => request<CrisisLinesSettings>('GET', '/admin/settings/crisis-lines'),
  updateCrisisLines: (body: UpdateCrisisLinesBody) =>
    request<CrisisLinesSettings>('PUT', '/admin/settings/crisis-lines', body),
  adminUsers: (q: QueryOf<Omit<AdminUserQuery, 'limit'>>) =>
    request<AdminUserPage>('GET', `/admin/users${qs(q)}`),
  setRole: (id: string, role: Role) =>
    request<AdminUserView>('POST', `/admin/users/${encodeURIComponent(id)}/role`, { role }),
  suspend: (id: string, reason?: string) =>
    request<AdminUserView>(
      'POST',
      `/admin/users/${encodeURIComponent(id)}/suspend`,
      reason ? { reason } : {},
    ),
  unsuspend: (id: string) =>
    request<AdminUserView>('POST', `/admin/users/${encodeURIComponent(id)}/unsuspend`),
  resetTwoFactor: (id: string) =>
    request<AdminUserView>('POST', `/admin/users/${encodeURIComponent(id)}/two-factor/reset`),
  adminAudit: (q: QueryOf<Omit<AuditQuery, 'limit'>>) =>
    request<AuditPage>('GET', `/admin/audit${qs(q)}`),
  verifyAudit: () => request<AuditVerification>('GET', '/admin/audit/verify'),

  /** `search` is a ready query string (`?q=…&day=1,3`), as the finder page builds it. */
  finder: (search: string) => request<FinderResponse>('GET', `/finder${search}`),

  group: (slug: string) => request<GroupView>('GET', `/groups/${encodeURIComponent(slug)}`),
  createGroup: (body: CreateGroupInput) => request<GroupView>('POST', '/groups', body),
  updateGroup: (slug: string, body: UpdateGroupInput) =>
    request<GroupView>('PATCH', `/groups/${encodeURIComponent(slug)}`, body),
  joinGroup: (slug: string, body: { acceptAgreement?: boolean; message?: string } = {}) =>
    request<JoinResult>('POST', `/groups/${encodeURIComponent(slug)}/join`, body),
  leaveGroup: (slug: string) =>
    request<JoinResult>('POST', `/groups/${encodeURIComponent(slug)}/leave`),
  groupMembers: (slug: string) =>
    request<GroupMemberList>('GET', `/groups/${encodeURIComponent(slug)}/members`),
  groupRequests: (slug: string) =>
    request<JoinRequestList>('GET', `/groups/${encodeURIComponent(slug)}/requests`),
  decideMember: (slug: string, userId: string, kind: 'approve' | 'decline' | 'remove') =>
    request<MembershipDecisionResult>(
      'POST',
      `/groups/${encodeURIComponent(slug)}/members/${encodeURIComponent(userId)}/${kind}`,
    ),
  addFacilitator: (slug: string, userId: string) =>
    request<FacilitatorList>('POST', `/groups/${encodeURIComponent(slug)}/facilitators`, {
      userId,
    }),
  removeFacilitator: (slug: string, userId: string) =>
    request<FacilitatorList>(
      'DELETE',
      `/groups/${encodeURIComponent(slug)}/facilitators/${encodeURIComponent(userId)}`,
    ),

  invitations: (groupSlug?: string) =>
    request<InvitationList>('GET', `/invitations${qs({ groupSlug })}`),
  invite: (body: CreateInvitationBody) => request<InvitationView>('POST', '/invitations', body),
  revokeInvitation: (id: string) =>
    request<void>('DELETE', `/invitations/${encodeURIComponent(id)}`),
  previewInvitation: (token: string) =>
    request<InvitationPreview>('POST', '/invitations/preview', { token }),
  acceptInvitation: (token: string) =>
    request<InvitationAccepted>('POST', '/invitations/accept', { token }),
  acceptInvitationAsNew: (body: AcceptInvitationNewBody) =>
    request<SignedIn & { accepted: InvitationAccepted }>('POST', '/invitations/accept-new', body),

  groupMeetings: (slug: string, tz?: string | null) =>
    request<MeetingList>('GET', `/groups/${encodeURIComponent(slug)}/meetings${qs({ tz })}`),
  matchGroups: (body: MatchBody) => request<MatchResponse>('POST', '/groups/match', body),

  importMeetingGuide: (body: ImportFeedBody, onLine: (line: ImportStreamLine) => void) =>
    streamLines('/admin/meeting-guide/import', body, (l) => onLine(l as ImportStreamLine)),

  home: (tz?: string | null) => request<MemberHome>('GET', `/me/home${qs({ tz })}`),

  notifications: (before?: string | null) =>
    request<NotificationList>('GET', `/me/notifications${qs({ before })}`),
  unreadCount: () => request<UnreadCount>('GET', '/me/notifications/unread-count'),
  markNotificationRead: (id: string) =>
    request<UnreadCount>('POST', `/me/notifications/${encodeURIComponent(id)}/read`),
  markAllNotificationsRead: () => request<UnreadCount>('POST', '/me/notifications/read-all'),
  notificationPreferences: () =>
    request<NotificationPreferences>('GET', '/me/notifications/preferences'),
  updateNotificationPreferences: (body: UpdateNotificationPreferences) =>
    request<NotificationPreferences>('PUT', '/me/notifications/preferences', body),
  meetingReminders: (slug: string) =>
    request<MeetingReminders>('GET', `/me/reminders/${encodeURIComponent(slug)}`),
  setMeetingReminders: (slug: string, body: UpdateMeetingReminders) =>
    request<MeetingReminders>('PUT', `/me/reminders/${encodeURIComponent(slug)}`, body),
  myAttendance: (page = 1) => request<MyAttendancePage>('GET', `/me/attendance${qs({ page })}`),
  mySurveys: () => request<PendingSurveyList>('GET', '/me/attendance/surveys'),
  occurrenceAttendance: (slug: string, occurrenceId: string) =>
    request<OccurrenceAttendance>('GET', occurrencePath(slug, occurrenceId, 'attendance')),
  markAttendance: (slug: string, occurrenceId: string, body: MarkAttendanceBody) =>
    request<OccurrenceAttendance>('PUT', occurrencePath(slug, occurrenceId, 'attendance'), body),
  checkInCode: (slug: string, occurrenceId: string) =>
    request<CheckInCode>('GET', occurrencePath(slug, occurrenceId, 'check-in-code')),
  checkIn: (slug: string, occurrenceId: string, body: CheckInBody) =>
    request<CheckInResult>('POST', occurrencePath(slug, occurrenceId, 'check-in'), body),
  answerSurvey: (slug: string, occurrenceId: string, body: SurveyBody) =>
    request<SurveyAnswered>('POST', occurrencePath(slug, occurrenceId, 'survey'), body),
  surveyAggregate: (slug: string, occurrenceId: string) =>
    request<SurveyAggregate>('GET', occurrencePath(slug, occurrenceId, 'survey')),

  calendarFeed: () => request<CalendarFeedStatus>('GET', '/calendar/feed'),
  rotateCalendarFeed: () => request<CalendarFeedCreated>('POST', '/calendar/feed'),
  revokeCalendarFeed: () => request<void>('DELETE', '/calendar/feed'),

  meeting: (slug: string, tz?: string | null) =>
    request<MeetingPage>('GET', `/meetings/${encodeURIComponent(slug)}${qs({ tz })}`),
  createMeeting: (groupSlug: string, body: CreateMeetingInput) =>
    request<MeetingView>('POST', `/groups/${encodeURIComponent(groupSlug)}/meetings`, body),
  updateMeeting: (slug: string, body: UpdateMeetingInput) =>
    request<MeetingView>('PATCH', `/meetings/${encodeURIComponent(slug)}`, body),
  endMeeting: (slug: string, endsOn?: string) =>
    request<MeetingView>(
      'POST',
      `/meetings/${encodeURIComponent(slug)}/end`,
      endsOn ? { endsOn } : {},
    ),
  updateOccurrence: (slug: string, occurrenceId: string, body: UpdateOccurrenceBody) =>
    request<OccurrenceUpdated>(
      'PUT',
      `/meetings/${encodeURIComponent(slug)}/occurrences/${occurrenceId}`,
      body,
    ),
  requestMeetingChange: (slug: string, body: CreateChangeRequestBody) =>
    request<OwnChangeRequestView>(
      'POST',
      `/meetings/${encodeURIComponent(slug)}/change-requests`,
      body,
    ),
  meetingChangeRequests: (slug: string, status: ChangeRequestQuery['status'] = 'pending') =>
    request<ChangeRequestList>(
      'GET',
      `/meetings/${encodeURIComponent(slug)}/change-requests${qs({ status })}`,
    ),
  decideChangeRequest: (id: string, decision: 'accept' | 'reject', note?: string) =>
    request<ChangeRequestView>(
      'POST',
      `/meeting-change-requests/${encodeURIComponent(id)}/${decision}`,
      note ? { note } : {},
    ),
};
