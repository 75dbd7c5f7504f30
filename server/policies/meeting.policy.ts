import type { Actor } from './actor.ts';
import { allow, deny, type Decision, type PolicyContext } from './decision.ts';
import { canManageGroup, type GroupContext, type MembershipStatus } from './group.policy.ts';
import { checkStaff } from './staff.policy.ts';

/**
 * The one rule for a meeting's hidden parts: for an open group everyone sees everything;
 * for a closed group its place (name, address, coordinates, regions, notes on the place),
 * its ways to join (conference link and password, phone) and its content (meeting notes,
 * occurrence topics and readings) are for its ACTIVE members and facilitators, and admins
 * (staff rule). Requested, left and removed memberships count as none.
 *
 * Every path that shows a meeting (meeting and group pages, the finder's index, the
 * Meeting Guide feed, calendars, the account export) asks `meetingVisibility` and strips
 * what it hides with `projectMeeting` / `projectOccurrence`.
 */
export function canReadMeetingDetails(
  actor: Actor | null,
  group: GroupContext,
  ctx: PolicyContext,
): Decision {
  if (group.isOpen) return allow;
  if (!actor) return deny.unauthenticated();
  if (group.actorGroupRole !== null) return allow;
  if (actor.role === 'admin') return checkStaff(actor, ['admin'], ctx, '');
  return deny.forbidden(
    'This is a closed group: where and how it meets is shared with its members. ' +
      'You are welcome to ask to join.',
  );
}

/**
 * Choosing and receiving reminders for a group's meetings (the notification system): any
 * signed-in person for an open group's meeting, only its ACTIVE members and facilitators for
 * a closed group's (a reminder would tell when it meets). Anyone else is answered as if the
 * meeting's reminders did not exist. The reminder sweep asks it again before each reminder,
 * so a member who left stops being reminded.
 */
export function canBeRemindedOfMeeting(actor: Actor | null, group: GroupContext): Decision {
  if (!actor) return deny.unauthenticated();
  if (group.isOpen || group.actorGroupRole !== null) return allow;
  return deny.notFound('That meeting');
}

/** Which hidden parts of a group's meetings the actor may see. */
export interface MeetingVisibility {
  /** Place name, address, coordinates, regions and notes on the place. */
  place: boolean;
  /** Conference link (and its notes), phone (and its notes). */
  join: boolean;
  /** Meeting notes, occurrence topics and readings. */
  content: boolean;
}

export function meetingVisibility(
  actor: Actor | null,
  group: GroupContext,
  ctx: PolicyContext,
): MeetingVisibility {
  const ok = canReadMeetingDetails(actor, group, ctx).ok;
  return { place: ok, join: ok, content: ok };
}

/** What a visitor (nobody signed in) sees of a group's meetings. */
export const publicMeetingVisibility = (isOpen: boolean): MeetingVisibility =>
  meetingVisibility(
    null,
    { groupId: '', isOpen, actorGroupRole: null },
    { requireStaffTwoFactor: true },
  );

/**
 * Whether an answer showing a group's meetings with `visibility` holds something a visitor
 * may not see (a member's view of a closed group's meeting): a personal answer, which no
 * cache may keep (`Cache-Control: no-store`).
 */
export function isPersonalView(isOpen: boolean, visibility: MeetingVisibility): boolean {
  const visitor = publicMeetingVisibility(isOpen);
  return (Object.keys(visitor) as (keyof MeetingVisibility)[]).some(
    (part) => visibility[part] && !visitor[part],
  );
}

/**
 * The group context from a membership in any state: only an ACTIVE membership gives a
 * group role.
 */
export function groupContextOf(
  group: { id: string; isOpen: boolean },
  membership: { status: MembershipStatus; role: 'member' | 'facilitator' } | null | undefined,
): GroupContext {
  return {
    groupId: group.id,
    isOpen: group.isOpen,
    actorGroupRole: membership?.status === 'active' ? membership.role : null,
  };
}

/** The fields `projectMeeting` may hide (any subset of them). */
export interface MeetingSecrets {
  locationName?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  regions?: readonly string[];
  locationNotes?: string | null;
  conferenceUrl?: string | null;
  conferenceUrlNotes?: string | null;
  conferencePhone?: string | null;
  conferencePhoneNotes?: string | null;
  notes?: string | null;
}

const PLACE = ['locationName', 'address', 'latitude', 'longitude', 'locationNotes'] as const;
const JOIN = [
  'conferenceUrl',
  'conferenceUrlNotes',
  'conferencePhone',
  'conferencePhoneNotes',
] as const;

/**
 * A copy of `meeting` without what `visibility` hides: hidden values become null (regions
 * an empty list, notes an empty text), so the shape stays the same.
 */
export function projectMeeting<T extends MeetingSecrets>(
  meeting: T,
  visibility: MeetingVisibility,
): T {
  const copy: T = { ...meeting };
  const clear = (key: keyof MeetingSecrets) => {
    if (key in copy) Object.assign(copy, { [key]: null });
  };
  if (!visibility.place) {
    PLACE.forEach(clear);
    if ('regions' in copy) Object.assign(copy, { regions: [] });
  }
  if (!visibility.join) JOIN.forEach(clear);
  if (!visibility.content && 'notes' in copy) {
    Object.assign(copy, { notes: typeof meeting.notes === 'string' ? '' : null });
  }
  return copy;
}

/** A copy of an occurrence (or its stored exception) without a hidden topic and reading. */
export function projectOccurrence<T extends { topic: string | null; literature: string | null }>(
  occurrence: T,
  visibility: MeetingVisibility,
): T {
  return visibility.content ? occurrence : { ...occurrence, topic: null, literature: null };
}

/**
 * Accepting or rejecting a suggested change: the group's managers. To anyone else a
 * suggestion about another group's meeting answers exactly like one that does not exist.
 */
export function canDecideChangeRequest(
  actor: Actor | null,
  group: GroupContext,
  ctx: PolicyContext,
): Decision {
  const decision = canManageGroup(actor, group, ctx);
  if (decision.ok || decision.code !== 'forbidden') return decision;
  return deny.notFound('That suggested change');
}
