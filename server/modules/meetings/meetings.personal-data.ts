/**
 * What the meetings module holds about a person, for the account export and deletion
 * (registered in `modules/account/`): the meetings of their groups, the changes they
 * suggested or decided, and their private calendar feed.
 */
import type { DbOrTx, Tx } from '../../db/client.ts';
import {
  groupContextOf,
  meetingVisibility,
  projectMeeting,
  strictPolicyContext,
  type Actor,
} from '../../policies/index.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingRow } from './meetings.repository.ts';

/** The export shows a meeting as the person sees it as a member: never with staff powers. */
const asMember = (userId: string): Actor => ({
  userId,
  role: 'member',
  twoFactorEnabled: false,
  sessionId: '',
});

/**
 * The meetings of the groups where the person's membership is active, each as the policy
 * lets them see it as a member (the account export and the private calendar feed).
 */
export async function meetingsSeenAsMember(db: DbOrTx, userId: string): Promise<MeetingRow[]> {
  const rows = await repo.listMeetingsOfActiveMemberships(db, userId);
  return rows.map(({ meeting, groupIsOpen, membershipStatus, membershipRole }) => {
    const context = groupContextOf(
      { id: meeting.groupId, isOpen: groupIsOpen },
      { status: membershipStatus, role: membershipRole },
    );
    return projectMeeting(
      meeting,
      meetingVisibility(asMember(userId), context, strictPolicyContext),
    );
  });
}

/** Meetings of the groups the person is an active member or facilitator of. */
export async function exportMeetings(db: DbOrTx, userId: string) {
  return (await meetingsSeenAsMember(db, userId)).map((meeting) => ({
    id: meeting.id,
    groupId: meeting.groupId,
    slug: meeting.slug,
    name: meeting.name,
    timezone: meeting.timezone,
    startTime: meeting.startTime,
    durationMinutes: meeting.durationMinutes,
    rrule: meeting.rrule,
    startsOn: meeting.startsOn,
    endsOn: meeting.endsOn,
    locationName: meeting.locationName,
    address: meeting.address,
    latitude: meeting.latitude,
    longitude: meeting.longitude,
    regions: meeting.regions,
    locationNotes: meeting.locationNotes,
    conferenceUrl: meeting.conferenceUrl,
    conferenceUrlNotes: meeting.conferenceUrlNotes,
    conferencePhone: meeting.conferencePhone,
    conferencePhoneNotes: meeting.conferencePhoneNotes,
    notes: meeting.notes,
    types: meeting.types,
  }));
}

/** Changes the person suggested (with their notes), and those they decided as staff. */
export async function exportChangeRequests(db: DbOrTx, userId: string) {
  return {
    suggested: await repo.listChangeRequestsByRequester(db, userId),
    decided: await repo.listChangeRequestsDecidedBy(db, userId),
  };
}

/** Whether the person has a private calendar URL, and since when (never the token). */
export async function exportCalendarFeed(db: DbOrTx, userId: string) {
  const feed = await repo.findCalendarFeed(db, userId);
  return feed ? { active: true, createdAt: feed.createdAt } : { active: false, createdAt: null };
}

export async function deleteChangeRequests(tx: Tx, userId: string): Promise<void> {
  await repo.deleteChangeRequestsOf(tx, userId);
}

export async function deleteCalendarFeed(tx: Tx, userId: string): Promise<void> {
  await repo.deleteCalendarFeed(tx, userId);
}
