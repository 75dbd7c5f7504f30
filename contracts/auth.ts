import { z } from 'zod';
import { DisplayName, Email, Locale, Password, Pronouns, TimeZone, Timestamp } from './common.ts';

export const roles = ['member', 'facilitator', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const profileVisibilities = ['group_members', 'facilitators'] as const;

/** The signed-in person, as they see themselves. */
export const Me = z.object({
  id: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  displayName: z.string(),
  pronouns: z.string().nullable(),
  timezone: z.string(),
  locale: Locale,
  role: Role,
  profileVisibility: z.enum(profileVisibilities),
  showPronouns: z.boolean(),
  showMilestones: z.boolean(),
  twoFactorEnabled: z.boolean(),
  /** Staff who must still turn on two-factor before staff actions work. */
  twoFactorSetupRequired: z.boolean(),
  createdAt: Timestamp,
});
export type Me = z.infer<typeof Me>;

export const SessionState = z.object({
  user: Me.nullable(),
  /** Send as `x-csrf-token` on every state-changing request while signed in. */
  csrfToken: z.string().nullable(),
  /** No admin exists yet: the setup page should be shown. */
  setupRequired: z.boolean(),
});
export type SessionState = z.infer<typeof SessionState>;

export const SignUpBody = z.object({
  email: Email,
  password: Password,
  displayName: DisplayName,
  pronouns: Pronouns.optional(),
  timezone: TimeZone,
  locale: Locale.optional(),
});
export type SignUpBody = z.infer<typeof SignUpBody>;

export const SignInBody = z.object({
  email: Email,
  password: z.string().min(1, 'Enter your password').max(128),
});
export type SignInBody = z.infer<typeof SignInBody>;

/** After sign-up, setup or a completed sign-in: the person and their CSRF token. */
export const SignedIn = z.object({ user: Me, csrfToken: z.string() });
export type SignedIn = z.infer<typeof SignedIn>;

export const SignInResult = z.union([
  SignedIn,
  z.object({ twoFactorRequired: z.literal(true), challenge: z.string() }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

export const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app');

/** A single-use recovery code as shown (`abcde-fghij`); the hyphen and case are optional. */
export const RecoveryCode = z
  .string()
  .trim()
  .regex(/^[a-z2-7]{5}-?[a-z2-7]{5}$/i, 'Enter a 6-digit code or a recovery code');

export const TwoFactorSignInBody = z.object({
  challenge: z.string().min(1).max(200),
  /** A code from the authenticator app, or one of the recovery codes (used up once used). */
  code: z.union([TotpCode, RecoveryCode], {
    error: 'Enter the 6-digit code from your authenticator app, or a recovery code',
  }),
});
export type TwoFactorSignInBody = z.infer<typeof TwoFactorSignInBody>;

export const TwoFactorSetup = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** An SVG QR code of `otpauthUrl`, rendered on our server. */
  qrSvg: z.string(),
});
export type TwoFactorSetup = z.infer<typeof TwoFactorSetup>;
export const TwoFactorEnableBody = z.object({
  /** The current password: a session alone must not be able to lock the owner out. */
  password: z.string().min(1).max(128),
  code: TotpCode,
});
export type TwoFactorEnableBody = z.infer<typeof TwoFactorEnableBody>;

/** Ten single-use codes, shown once; each works in place of an authenticator code. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
export const TwoFactorEnabled = z.object({ user: Me, recoveryCodes: z.array(z.string()) });
export type TwoFactorEnabled = z.infer<typeof TwoFactorEnabled>;
export const RecoveryCodesBody = z.object({ password: z.string().min(1).max(128) });
export type RecoveryCodesBody = z.infer<typeof RecoveryCodesBody>;
export const TwoFactorDisableBody = z.object({
  password: z.string().min(1).max(128),
  code: TotpCode,
});
export type TwoFactorDisableBody = z.infer<typeof TwoFactorDisableBody>;

/**
 * The answer to a sign-up, a sign-in-link request and a reset request: the same words
 * whether or not the address has an account (the owner is told by email instead).
 */
export const CheckYourEmail = z.object({ message: z.string() });
export type CheckYourEmail = z.infer<typeof CheckYourEmail>;

export const SignInLinkRequestBody = z.object({ email: Email });
export type SignInLinkRequestBody = z.infer<typeof SignInLinkRequestBody>;
/** The token from an emailed sign-in link (also the link that finishes a sign-up). */
export const SignInLinkBody = z.object({ token: z.string().min(1).max(200) });
export type SignInLinkBody = z.infer<typeof SignInLinkBody>;

export const PasswordResetRequestBody = z.object({ email: Email });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;
export const PasswordResetConfirmBody = z.object({
  token: z.string().min(1).max(200),
  password: Password,
});
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

export const SessionView = z.object({
  id: z.string(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  expiresAt: Timestamp,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;
export const SessionList = z.object({ sessions: z.array(SessionView) });
export type SessionList = z.infer<typeof SessionList>;

export const SetupStatus = z.object({ required: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;
export const SetupBody = SignUpBody;
