/**
 * Groups: the public list and page, creating and editing, joining and leaving, members and
 * join requests, facilitators, and the "find my group" questionnaire. Under /api/groups.
 */
import { z } from 'zod';
import { Uuid } from './common.ts';
import { AUDIENCES, FOCUS_AREAS, STAGES } from './finder.ts';

export { AUDIENCES, FOCUS_AREAS, STAGES } from './finder.ts';
export const GROUP_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export const MEMBERSHIP_STATUSES = ['requested', 'active', 'left', 'removed'] as const;
export const GROUP_ROLES = ['member', 'facilitator'] as const;
export const HOW_LONG = ['not_started', 'under_90_days', 'under_1_year', 'over_1_year'] as const;
export const MATCH_ATTENDANCE = ['in_person', 'online', 'either'] as const;
export const GROUPS_MAX_PAGE_SIZE = 50;
export const GROUPS_DEFAULT_PAGE_SIZE = 20;
/** The longest public area a group may show ("North Bristol"). */
export const PUBLIC_AREA_MAX = 80;
/** The most groups the questionnaire answers with. */
export const MATCH_LIMIT = 10;
/** The longest message a person may leave the facilitators when asking to join. */
export const JOIN_MESSAGE_MAX = 500;

export const FocusArea = z.enum(FOCUS_AREAS, {
  error: `must be one of ${FOCUS_AREAS.join(', ')}`,
});
export const Stage = z.enum(STAGES, { error: `must be one of ${STAGES.join(', ')}` });
export const Audience = z.enum(AUDIENCES, { error: `must be one of ${AUDIENCES.join(', ')}` });
export const GroupFormat = z.enum(GROUP_FORMATS, {
  error: `must be one of ${GROUP_FORMATS.join(', ')}`,
});
export type FocusArea = z.infer<typeof FocusArea>;
export type Stage = z.infer<typeof Stage>;
export type Audience = z.infer<typeof Audience>;
export type GroupFormat = z.infer<typeof GroupFormat>;

/** A BCP-47-style language code ('en', 'es', 'pt-br'); stored lower-cased. */
export const LanguageCode = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, 'must be a language code such as en, es or pt-BR')
  .max(35, 'is too long')
  .transform((v) => v.toLowerCase());

/** A list without repeats; the first occurrence wins. */
const unique = <T>(values: T[]) => [...new Set(values)];

/** Group slugs are generated from the name; a group's id is accepted wherever a slug is. */
export const GroupSlugParams = z.object({
  slug: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'is not a group address'),
});
export const GroupMemberParams = GroupSlugParams.extend({ userId: Uuid });

// ---------------------------------------------------------------------------------------
// Reading

export const GroupListQuery = z.strictObject({
  page: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000, 'must be at most 10000')
    .default(1),
  pageSize: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(GROUPS_MAX_PAGE_SIZE, `must be at most ${GROUPS_MAX_PAGE_SIZE}`)
    .default(GROUPS_DEFAULT_PAGE_SIZE),
});

/** One group in a list: enough to choose, nothing about its members. */
export const GroupSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  focusAreas: z.array(z.string()),
  stage: z.string(),
  audience: z.string(),
  languages: z.array(z.string()),
  format: z.enum(GROUP_FORMATS),
  /** Open: anyone may attend. Closed: members only, a facilitator approves requests. */
  isOpen: z.boolean(),
  capacity: z.number().int().nullable(),
  /** Null when the group has no capacity. */
  placesLeft: z.number().int().nullable(),
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const GroupPage = z.object({
  groups: z.array(GroupSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
});
export type GroupPage = z.infer<typeof GroupPage>;

/** The viewer's own place in a group. */
export const ViewerMembership = z.object({
  /** 'none' when never in it (or a request was declined); 'removed' after a removal. */
  status: z.enum([...MEMBERSHIP_STATUSES, 'none']),
  role: z.enum(GROUP_ROLES).nullable(),
});
export type ViewerMembership = z.infer<typeof ViewerMembership>;

export const GroupView = GroupSummary.extend({
  /** The description rendered from markdown and sanitised: safe to insert as HTML. */
  descriptionHtml: z.string(),
  /** The markdown source: only for those who may edit the group (else null). */
  description: z.string().nullable(),
  /** What members agree to when joining; empty when the group has none. */
  agreement: z.string(),
  facilitators: z.array(z.object({ displayName: z.string() })),
  /** The area the group shows to everyone instead of where it meets; null: none. */
  publicArea: z.string().nullable(),
  viewer: z.object({
    signedIn: z.boolean(),
    membership: ViewerMembership,
    canManage: z.boolean(),
    canSeeMembers: z.boolean(),
    /** Whether meeting addresses, links and phone numbers are shown to this viewer. */
    canSeeMeetingDetails: z.boolean(),
    /** Whether admins-only actions (choosing facilitators) are open to this viewer. */
    canManageFacilitators: z.boolean(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GroupView = z.infer<typeof GroupView>;

// ---------------------------------------------------------------------------------------
// Writing

const GroupName = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters')
  .max(100, 'Use at most 100 characters')
  .refine((n) => /[\p{L}\p{N}]/u.test(n), 'must contain letters or digits');

const GroupFields = {
  name: GroupName,
  /** Markdown; rendered and sanitised on the way out. */
  description: z.string().max(10_000, 'Use at most 10000 characters'),
  focusAreas: z
    .array(FocusArea)
    .min(1, 'Choose at least one focus area')
    .max(FOCUS_AREAS.length)
    .transform(unique),
  stage: Stage,
  audience: Audience,
  languages: z
    .array(LanguageCode)
    .min(1, 'Choose at least one language')
    .max(10, 'Choose at most 10 languages')
    .transform(unique),
  format: GroupFormat,
  isOpen: z.boolean(),
  /** Most members at once (facilitators not counted); null: no limit. */
  capacity: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000, 'must be at most 10000')
    .nullable(),
  agreement: z.string().trim().max(5_000, 'Use at most 5000 characters'),
  /**
   * The area shown to everyone ("North Bristol"), never the address: for a closed group
   * the finder shows and matches this instead of where it meets. Empty: none (null).
   */
  publicArea: z
    .string()
    .trim()
    .max(PUBLIC_AREA_MAX, `Use at most ${PUBLIC_AREA_MAX} characters`)
    .nullable()
    .transform((v) => v || null),
};

export const CreateGroupBody = z.strictObject({
  ...GroupFields,
  description: GroupFields.description.default(''),
  stage: GroupFields.stage.default('ongoing'),
  audience: GroupFields.audience.default('everyone'),
  languages: GroupFields.languages.default(['en']),
  format: GroupFields.format.default('in_person'),
  isOpen: GroupFields.isOpen.default(true),
  capacity: GroupFields.capacity.default(null),
  agreement: GroupFields.agreement.default(''),
  publicArea: GroupFields.publicArea.default(null),
});
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;
export type CreateGroupInput = z.input<typeof CreateGroupBody>;

/** Only the fields to change. The slug stays as it was, so shared links keep working. */
export const UpdateGroupBody = z.strictObject(GroupFields).partial();
export type UpdateGroupBody = z.infer<typeof UpdateGroupBody>;
export type UpdateGroupInput = z.input<typeof UpdateGroupBody>;

/** May be left out (sent empty) when the group has no agreement. */
export const JoinGroupBody = z
  .strictObject({
    /** Must be true when the group has an agreement. */
    acceptAgreement: z.boolean().optional(),
    /**
     * For a closed group: a few words to its facilitators (trimmed; empty is none). Shown
     * only to them, with the request; never copied into an email.
     */
    message: z
      .string()
      .trim()
      .max(JOIN_MESSAGE_MAX, `must be at most ${JOIN_MESSAGE_MAX} characters`)
      .optional(),
  })
  .nullish();
export type JoinGroupBody = z.infer<typeof JoinGroupBody>;

export const JoinResult = z.object({ membership: ViewerMembership });
export type JoinResult = z.infer<typeof JoinResult>;

// ---------------------------------------------------------------------------------------
// Members, requests and facilitators

export const GroupMemberView = z.object({
  userId: z.string(),
  displayName: z.string(),
  /** Only when the person shows their pronouns. */
  pronouns: z.string().nullable(),
  role: z.enum(GROUP_ROLES),
  /** Whether this is the viewer. */
  isYou: z.boolean(),
});
export type GroupMemberView = z.infer<typeof GroupMemberView>;

export const GroupMemberList = z.object({ members: z.array(GroupMemberView) });
export type GroupMemberList = z.infer<typeof GroupMemberList>;

export const JoinRequestView = z.object({
  userId: z.string(),
  displayName: z.string(),
  pronouns: z.string().nullable(),
  requestedAt: z.string(),
  agreementAccepted: z.boolean(),
  /** What the person wrote to the facilitators when asking, if anything. */
  message: z.string().nullable(),
});
export type JoinRequestView = z.infer<typeof JoinRequestView>;

export const JoinRequestList = z.object({ requests: z.array(JoinRequestView) });
export type JoinRequestList = z.infer<typeof JoinRequestList>;

/** What approving, declining or removing leaves: the person's status afterwards. */
export const MembershipDecisionResult = z.object({
  userId: z.string(),
  status: z.enum([...MEMBERSHIP_STATUSES, 'none']),
});
export type MembershipDecisionResult = z.infer<typeof MembershipDecisionResult>;

export const AddFacilitatorBody = z.strictObject({ userId: Uuid });

export const FacilitatorList = z.object({
  facilitators: z.array(z.object({ userId: z.string(), displayName: z.string() })),
});
export type FacilitatorList = z.infer<typeof FacilitatorList>;

// ---------------------------------------------------------------------------------------
// "Find my group"

export const MatchBody = z.strictObject({
  workingOn: z
    .array(FocusArea)
    .min(1, 'Choose at least one thing you are working on')
    .max(FOCUS_AREAS.length)
    .transform(unique),
  howLong: z.enum(HOW_LONG, { error: 'Choose how long you have been working on it' }),
  audience: Audience.optional(),
  language: LanguageCode.optional(),
  attendance: z.enum(MATCH_ATTENDANCE, { error: 'Choose in person, online or either' }).optional(),
});
export type MatchBody = z.infer<typeof MatchBody>;

/**
 * Why a group matches (or does not), as a stable code the web translates, with params:
 * focus {areas}, stage {stage}, audience {audience}, language {language}, format {format},
 * has_places {placesLeft}, open; and against a match: language_missing {language},
 * full, audience_other {audience}, format_other {format}.
 */
export const MATCH_REASON_CODES = [
  'focus',
  'stage',
  'audience',
  'language',
  'format',
  'has_places',
  'open',
  'language_missing',
  'full',
  'audience_other',
  'format_other',
] as const;
export type MatchReasonCode = (typeof MATCH_REASON_CODES)[number];

export const MatchReason = z.object({
  code: z.enum(MATCH_REASON_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
});
export type MatchReason = z.infer<typeof MatchReason>;

export const GroupMatch = z.object({
  group: GroupSummary,
  score: z.number(),
  /** Whether the group can take this person now (right language, a place free). */
  fits: z.boolean(),
  reasons: z.array(MatchReason),
});
export type GroupMatch = z.infer<typeof GroupMatch>;

export const MatchResponse = z.object({ matches: z.array(GroupMatch) });
export type MatchResponse = z.infer<typeof MatchResponse>;
