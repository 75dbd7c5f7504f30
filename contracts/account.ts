import { z } from 'zod';
import { DisplayName, Email, Locale, Password, Pronouns, TimeZone, Timestamp } from './common.ts';
import { profileVisibilities } from './auth.ts';

export const UpdateAccountBody = z
  .object({
    displayName: DisplayName,
    pronouns: Pronouns.nullable(),
    timezone: TimeZone,
    locale: Locale,
    profileVisibility: z.enum(profileVisibilities),
    showPronouns: z.boolean(),
    showMilestones: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateAccountBody = z.infer<typeof UpdateAccountBody>;

export const ChangeEmailBody = z.object({ newEmail: Email, password: z.string().min(1).max(128) });
export type ChangeEmailBody = z.infer<typeof ChangeEmailBody>;
export const ConfirmEmailBody = z.object({ token: z.string().min(1).max(200) });
export type ConfirmEmailBody = z.infer<typeof ConfirmEmailBody>;
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
export const DeleteAccountBody = z.object({
  password: z.string().min(1).max(128),
  /** The person types DELETE to confirm. */
  confirm: z.literal('DELETE', { message: 'Type DELETE to confirm' }),
});
export type DeleteAccountBody = z.infer<typeof DeleteAccountBody>;

export const AuditEventView = z.object({
  id: z.number(),
  occurredAt: Timestamp,
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  /** Display name of who did it; "You", "Former member" or "System" where fitting. */
  actor: z.string(),
  actorId: z.string().nullable(),
  /** Display name of the person it was about ("You", "Former member"); null when about nobody. */
  subject: z.string().nullable(),
  subjectId: z.string().nullable(),
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditPage = z.object({
  events: z.array(AuditEventView),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: z.number().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;
