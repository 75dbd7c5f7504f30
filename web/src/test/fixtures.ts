/**
 * Answers as the API sends them, typed by the shared contracts (a contract change breaks
 * these too). Each test overrides what it is about.
 */
import type { FinderResponse, FinderResult } from '../../../contracts/finder.ts';
import type { GroupSummary } from '../../../contracts/groups.ts';
import type { GroupView, Me, MeetingList, MeetingPage, MeetingView } from '../lib/api.ts';

export function aGroupSummary(over: Partial<GroupSummary> = {}): GroupSummary {
  return {
    id: `id-${over.slug ?? 'group'}`,
    slug: 'group',
    name: 'A group',
    focusAreas: ['anxiety'],
    stage: 'ongoing',
    audience: 'everyone',
    languages: ['en'],
    format: 'in_person',
    isOpen: true,
    capacity: null,
    placesLeft: null,
    ...over,
  };
}

export function aGroup(over: Partial<GroupView> = {}): GroupView {
  return {
    ...aGroupSummary(over),
    descriptionHtml: '<p>About us.</p>',
    description: null,
    agreement: '',
    publicArea: null,
    facilitators: [],
    viewer: {
      signedIn: false,
      membership: { status: 'none', role: null },
      canManage: false,
      canSeeMembers: false,
      canSeeMeetingDetails: false,
      canManageFacilitators: false,
    },
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-01-05T10:00:00.000Z',
    ...over,
  };
}

export function aMeeting(over: Partial<MeetingView> = {}): MeetingView {
  return {
    id: 'meeting-id',
    slug: 'tuesday-circle',
    name: 'Tuesday circle',
    group: aGroupSummary(),
    timezone: 'America/Los_Angeles',
    startTime: '19:00',
    durationMinutes: 90,
    startsOn: '2026-01-06',
    endsOn: null,
    recurrence: { kind: 'weekly', days: ['TU'], interval: 1 },
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    attendance: 'in_person',
    types: [],
    notes: '',
    regions: [],
    locationName: 'Community hall',
    address: '12 Oak Street, Springfield',
    latitude: null,
    longitude: null,
    approximate: false,
    locationNotes: null,
    conferenceUrl: null,
    conferenceUrlNotes: null,
    conferencePhone: null,
    conferencePhoneNotes: null,
    detailsHidden: false,
    updatedAt: '2026-01-05T10:00:00.000Z',
    ...over,
  };
}

type Occurrence = MeetingPage['occurrences'][number];

/** One date of a meeting; `start` is an instant (19:00 in Los Angeles on 6 January 2026). */
export function anOccurrence(over: Partial<Occurrence> = {}): Occurrence {
  return {
    occurrenceId: '2026-01-06',
    start: '2026-01-07T03:00:00.000Z',
    end: '2026-01-07T04:30:00.000Z',
    cancelled: false,
    moved: false,
    originalStart: null,
    topic: null,
    literature: null,
    viewerTime: 'Tue, Jan 6, 7:00 PM PST',
    meetingTime: null,
    ...over,
  };
}

export function aMeetingPage(over: Partial<MeetingPage> = {}): MeetingPage {
  const meeting = over.meeting ?? aMeeting();
  return {
    meeting,
    viewerTimezone: 'America/Los_Angeles',
    occurrences: [anOccurrence()],
    directions: null,
    calendar: {
      ics: `/api/meetings/${meeting.slug}/calendar.ics`,
      webcal: `webcal://example.test/api/meetings/${meeting.slug}/calendar.ics`,
      google: 'https://calendar.google.com/calendar/render?action=TEMPLATE',
    },
    canManage: false,
    ...over,
  };
}

export const noMeetings: MeetingList = { meetings: [], viewerTimezone: 'America/Los_Angeles' };

export function aUser(over: Partial<Me> = {}): Me {
  return {
    id: 'user-1',
    email: 'sam@example.test',
    emailVerified: true,
    displayName: 'Sam',
    pronouns: null,
    timezone: 'America/Los_Angeles',
    locale: 'en',
    role: 'member',
    profileVisibility: 'group_members',
    showPronouns: true,
    showMilestones: false,
    twoFactorEnabled: false,
    twoFactorSetupRequired: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    ...over,
  };
}

export function aFinderResult(over: Partial<FinderResult> = {}): FinderResult {
  return {
    slug: 'tuesday-circle',
    name: 'Tuesday circle',
    group: {
      slug: 'group',
      name: 'A group',
      isOpen: true,
      focusAreas: ['anxiety'],
      stage: 'ongoing',
      audience: 'everyone',
      languages: ['en'],
    },
    attendance: 'in_person',
    types: [],
    next: {
      start: '2026-01-07T03:00:00.000Z',
      end: '2026-01-07T04:30:00.000Z',
      isInProgress: false,
      viewer: 'Tue, Jan 6, 7:00 PM PST',
      meeting: null,
      timezone: 'America/Los_Angeles',
    },
    distance: null,
    location: {
      name: null,
      address: null,
      city: 'Springfield',
      region: null,
      approximate: false,
      latitude: null,
      longitude: null,
    },
    ...over,
  };
}

export function aFinderResponse(results: FinderResult[]): FinderResponse {
  return {
    results,
    total: results.length,
    page: 1,
    pageSize: 20,
    pageCount: 1,
    sort: 'next',
    timezone: 'America/Los_Angeles',
    near: null,
    facets: { focus: [], attendance: [], day: [], time: [] },
    generatedAt: '2026-01-06T10:00:00.000Z',
  };
}
