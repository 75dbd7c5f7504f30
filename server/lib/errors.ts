import type { ErrorCode, ErrorDetail } from '../../contracts/common.ts';

/** Stable error codes the web client switches on (listed in `contracts/common.ts`). */
export type { ErrorCode, ErrorDetail };

/** The one error type: a stable code, an HTTP status and a message safe to show. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Sent as `Retry-After` (429s). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * The problem kind of a schema issue (zod's `code`, with the limits and format it names),
 * for an error detail: lets the web say what is wrong in the person's own language.
 */
export function issueKind(
  code: string,
  params: Record<string, unknown> = {},
): Omit<ErrorDetail, 'field' | 'message'> & { issue: string } {
  const { origin, minimum, maximum, format } = params;
  const limit = (v: unknown) =>
    typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
  return {
    issue: code,
    ...(typeof origin === 'string' ? { origin } : {}),
    ...(limit(minimum) !== undefined ? { minimum: limit(minimum) } : {}),
    ...(limit(maximum) !== undefined ? { maximum: limit(maximum) } : {}),
    ...(typeof format === 'string' ? { format } : {}),
  };
}

export const notFound = (what = 'That') => new AppError(404, 'not_found', `${what} was not found.`);
export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Please sign in to continue.');
export const forbidden = (message = 'You are not allowed to do that.') =>
  new AppError(403, 'forbidden', message);
export const conflict = (message: string, details?: ErrorDetail[]) =>
  new AppError(409, 'conflict', message, details);
export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new AppError(400, 'bad_request', message, details);
/** A 400 naming one field; `issue` names a server rule so the web can word it in any language. */
export const invalidField = (field: string, message: string, issue?: string) =>
  new AppError(400, 'validation_failed', `${field}: ${message}`, [
    issue ? { field, message, issue } : { field, message },
  ]);

/** Too many attempts; the same words whoever is asking, with a Retry-After header. */
export function rateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    429,
    'rate_limited',
    `Too many attempts. Please wait about ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    undefined,
    Math.max(1, Math.ceil(retryAfterSeconds)),
  );
}
