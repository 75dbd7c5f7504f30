import type {
  GroupMemberView,
  GroupSummary,
  GroupView,
  JoinRequestView,
  ViewerMembership,
} from '../../../contracts/groups.ts';
import { renderDescription } from './groups.markdown.ts';
import type { GroupRow, MembershipRow, PersonInGroup } from './groups.repository.ts';

/** Places left: null without a capacity, never below zero. */
export const placesLeft = (group: Pick<GroupRow, 'capacity'>, memberCount: number) =>
  group.capacity === null ? null : Math.max(0, group.capacity - memberCount);

export function presentGroupSummary(group: GroupRow, memberCount: number): GroupSummary {
  return {
    id: group.id,
    slug: group.slug,
    name: group.name,
    focusAreas: group.focusAreas,
    stage: group.stage,
    audience: group.audience,
    languages: group.languages,
    format: group.format,
    isOpen: group.isOpen,
    capacity: group.capacity,
    placesLeft: placesLeft(group, memberCount),
  };
}

export function presentViewerMembership(membership: MembershipRow | undefined): ViewerMembership {
  if (!membership) return { status: 'none', role: null };
  return {
    status: membership.status,
    role: membership.status === 'active' ? membership.role : null,
  };
}

export interface GroupPageInput {
  group: GroupRow;
  memberCount: number;
  facilitators: { displayName: string }[];
  membership: MembershipRow | undefined;
  signedIn: boolean;
  canManage: boolean;
  canSeeMembers: boolean;
  canSeeMeetingDetails: boolean;
  canManageFacilitators: boolean;
}

export function presentGroup(input: GroupPageInput): GroupView {
  const { group } = input;
  return {
    ...presentGroupSummary(group, input.memberCount),
    descriptionHtml: renderDescription(group.description),
    description: input.canManage ? group.description : null,
    agreement: group.agreement,
    facilitators: input.facilitators.map((f) => ({ displayName: f.displayName })),
    publicArea: group.publicArea,
    viewer: {
      signedIn: input.signedIn,
      membership: presentViewerMembership(input.membership),
      canManage: input.canManage,
      canSeeMembers: input.canSeeMembers,
      canSeeMeetingDetails: input.canSeeMeetingDetails,
      canManageFacilitators: input.canManageFacilitators,
    },
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}

const shownPronouns = (p: PersonInGroup) => (p.showPronouns && p.pronouns ? p.pronouns : null);

export function presentMember(p: PersonInGroup, viewerId: string): GroupMemberView {
  return {
    userId: p.userId,
    displayName: p.displayName ?? '',
    pronouns: shownPronouns(p),
    role: p.role,
    isYou: p.userId === viewerId,
  };
}

export function presentRequest(p: PersonInGroup & { message: string | null }): JoinRequestView {
  return {
    userId: p.userId,
    displayName: p.displayName ?? '',
    pronouns: shownPronouns(p),
    requestedAt: p.createdAt.toISOString(),
    agreementAccepted: p.agreementAcceptedAt !== null,
    message: p.message,
  };
}
