import { HOME_MEETINGS, type HomeQuery, type MemberHome } from '../../../contracts/home.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { authorize, type Actor } from '../../policies/index.ts';
import { attendanceForHome } from '../attendance/attendance.service.ts';
import { homeGroupsOf } from '../groups/groups.home.service.ts';
import { nextMeetingsSeenAsMember } from '../meetings/meetings.home.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { findUserById } from '../users/users.service.ts';

/**
 * The member's home: put together from the groups and meetings modules' services, for the
 * person asking only. Meetings come only from groups where their membership is active, so a
 * requester, a removed or former member sees none of a closed group's.
 */
export async function memberHome(
  deps: ServiceDeps,
  actor: Actor,
  query: HomeQuery,
): Promise<MemberHome> {
  authorize(actor, 'account.read', { ownerId: actor.userId });
  const user = await findUserById(deps.db, actor.userId);
  if (!user || user.status !== 'active') throw unauthenticated();
  const { byId, ...groups } = await homeGroupsOf(deps, actor);
  const meetings = await nextMeetingsSeenAsMember(deps, actor.userId, HOME_MEETINGS);
  const viewerTimezone = query.tz ?? user.timezone;
  return {
    viewerTimezone,
    ...groups,
    ...(await attendanceForHome(deps, actor.userId, viewerTimezone)),
    meetings: meetings.flatMap(({ groupId, ...m }) => {
      const group = byId.get(groupId);
      return group ? [{ ...m, group }] : [];
    }),
  };
}
