import { z } from 'zod';

/** Zones the runtime knows (plus UTC, which some runtimes leave out of the list). */
const knownZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((z) => knownZones.has(z), {
    message: 'Unknown time zone; use an IANA name such as Europe/London',
  });

export const locales = ['en', 'es'] as const;
export const Locale = z.enum(locales);

export const Email = z
  .string()
  .trim()
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'))
  .transform((e) => e.toLowerCase());

/** Length only: no composition rules (NIST 800-63B). The server also rejects common passwords. */
export const Password = z
  .string()
  .min(8, 'Use at least 8 characters')
  .max(128, 'Use at most 128 characters');

export const DisplayName = z
  .string()
  .trim()
  .min(1, 'Enter a display name')
  .max(60, 'Use at most 60 characters');

export const Pronouns = z.string().trim().max(30, 'Use at most 30 characters');

export const Uuid = z.uuid();

/** Every error code the server sends; the web shows each through a translated message. */
export const errorCodes = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'csrf_failed',
  'two_factor_required',
  /** A right two-factor or recovery code that was already used once. */
  'two_factor_code_used',
  'setup_complete',
  /** An invitation link past its date, already accepted, or withdrawn. */
  'invitation_expired',
  'invitation_used',
  'invitation_revoked',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * One bad field. `issue` is the schema's problem kind (zod's issue code: `too_small`,
 * `invalid_format`…) with its limits, so the web can say it in the person's language;
 * `message` is the server's English wording.
 */
export const ErrorDetail = z.object({
  field: z.string(),
  message: z.string(),
  issue: z.string().optional(),
  origin: z.string().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  format: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(ErrorDetail).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The HTTP statuses of the error answers a route documents. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

/**
 * The error answers a route can give, for its schema's `response` (each is an `ErrorBody`):
 * `response: { 200: Thing, ...errorResponses(400, 404) }`. A test fails on a route without.
 */
export function errorResponses<S extends ErrorStatus>(
  ...statuses: S[]
): Record<S, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<S, typeof ErrorBody>;
}

/** ISO-8601 timestamps on the wire. */
export const Timestamp = z.string();
