/**
 * Invitations: an emailed one-time link that makes someone an admin or a facilitator of a
 * group once they accept it (signed in with that address, or by creating the account).
 * Under /api/invitations.
 */
import { z } from 'zod';
import { SignUpBody } from './auth.ts';
import { Email, Uuid } from './common.ts';

export const INVITATION_ROLES = ['facilitator', 'admin'] as const;
/** How long a link works. */
export const INVITATION_DAYS = 7;

export const InvitationRole = z.enum(INVITATION_ROLES, {
  error: `must be one of ${INVITATION_ROLES.join(', ')}`,
});
export type InvitationRole = z.infer<typeof InvitationRole>;

const GroupSlug = z.string().trim().min(1, 'is required').max(120, 'is too long');

/** A facilitator invitation names its group; an admin invitation names none. */
export const CreateInvitationBody = z
  .strictObject({
    email: Email,
    role: InvitationRole,
    groupSlug: GroupSlug.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.role === 'facilitator' && !body.groupSlug) {
      ctx.addIssue({
        code: 'custom',
        path: ['groupSlug'],
        message: 'is required for a facilitator',
      });
    }
    if (body.role === 'admin' && body.groupSlug) {
      ctx.addIssue({
        code: 'custom',
        path: ['groupSlug'],
        message: 'must be left out for an admin',
      });
    }
  });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

export const InvitationListQuery = z.strictObject({ groupSlug: GroupSlug.optional() });

export const InvitationParams = z.strictObject({ id: Uuid });

export const InvitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: InvitationRole,
  group: z.object({ slug: z.string(), name: z.string() }).nullable(),
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const InvitationList = z.object({ invitations: z.array(InvitationView) });
export type InvitationList = z.infer<typeof InvitationList>;

const Token = z.string().trim().min(10, 'is not a valid link').max(200, 'is not a valid link');

export const InvitationTokenBody = z.strictObject({ token: Token });

/** What the person holding the link sees before accepting. */
export const InvitationPreview = z.object({
  email: z.string(),
  role: InvitationRole,
  group: z.object({ slug: z.string(), name: z.string() }).nullable(),
  invitedBy: z.string().nullable(),
  expiresAt: z.string(),
  /** Whether an account with that email exists (sign in), or one is to be made. */
  hasAccount: z.boolean(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

/** What accepting gave. */
export const InvitationAccepted = z.object({
  role: InvitationRole,
  group: z.object({ slug: z.string(), name: z.string() }).nullable(),
});
export type InvitationAccepted = z.infer<typeof InvitationAccepted>;

/** Accepting by creating the account: the sign-up fields, the email being the invitation's. */
export const AcceptInvitationNewBody = SignUpBody.omit({ email: true }).extend({ token: Token });
export type AcceptInvitationNewBody = z.infer<typeof AcceptInvitationNewBody>;
