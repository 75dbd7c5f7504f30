/** Suggested changes to a meeting: a member proposes, the group's facilitators decide. */
import { z } from 'zod';
import { Timestamp } from './common.ts';
import { GroupSummary, UpdateMeetingBody } from './meetings.ts';

export const CreateChangeRequestBody = z
  .object({
    changes: UpdateMeetingBody,
    /** Why, for the facilitators (kept with the request; never emailed). */
    note: z.string().trim().max(2000, 'must be at most 2000 characters').default(''),
  })
  .strict();
export type CreateChangeRequestBody = z.infer<typeof CreateChangeRequestBody>;

export const DecideChangeRequestBody = z
  .object({
    /** A word to the person who suggested it (sent by email with the decision). */
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
export type DecideChangeRequestBody = z.infer<typeof DecideChangeRequestBody>;

export const ChangeRequestParams = z.object({ id: z.uuid() });

export const changeRequestStatuses = ['pending', 'accepted', 'rejected'] as const;
export const ChangeRequestQuery = z.object({
  status: z.enum(changeRequestStatuses).default('pending'),
});
export type ChangeRequestQuery = z.input<typeof ChangeRequestQuery>;

export const OwnChangeRequestQuery = z.object({
  status: z.enum(changeRequestStatuses).optional(),
});

export const ChangeRequestDiffRow = z.object({
  field: z.string(),
  current: z.unknown(),
  proposed: z.unknown(),
});

export const ChangeRequestView = z.object({
  id: z.string(),
  meeting: z.object({ slug: z.string(), name: z.string() }),
  group: GroupSummary,
  status: z.enum(changeRequestStatuses),
  note: z.string(),
  /** Display name of who suggested it ("Former member" once their account is deleted). */
  requester: z.string(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  /** Side by side: each proposed field with the meeting's value now. */
  diff: z.array(ChangeRequestDiffRow),
});
export type ChangeRequestView = z.infer<typeof ChangeRequestView>;

export const ChangeRequestList = z.object({ changeRequests: z.array(ChangeRequestView) });
export type ChangeRequestList = z.infer<typeof ChangeRequestList>;

/** A person's own suggestions, without the meeting's current (maybe hidden) values. */
export const OwnChangeRequestView = z.object({
  id: z.string(),
  meeting: z.object({ slug: z.string(), name: z.string() }),
  status: z.enum(changeRequestStatuses),
  note: z.string(),
  proposed: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type OwnChangeRequestView = z.infer<typeof OwnChangeRequestView>;
export const OwnChangeRequestList = z.object({ changeRequests: z.array(OwnChangeRequestView) });
export type OwnChangeRequestList = z.infer<typeof OwnChangeRequestList>;
