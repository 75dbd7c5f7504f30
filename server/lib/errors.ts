/** Stable error codes the web client switches on. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'csrf_failed'
  | 'two_factor_required'
  | 'setup_complete'
  | 'internal';

export interface ErrorDetail {
  /** Dotted path of the field, e.g. `body.email`. */
  field: string;
  message: string;
}

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

export const notFound = (what = 'That') => new AppError(404, 'not_found', `${what} was not found.`);
export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Please sign in to continue.');
export const forbidden = (message = 'You are not allowed to do that.') =>
  new AppError(403, 'forbidden', message);
export const conflict = (message: string, details?: ErrorDetail[]) =>
  new AppError(409, 'conflict', message, details);
export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new AppError(400, 'bad_request', message, details);
export const invalidField = (field: string, message: string) =>
  new AppError(400, 'validation_failed', `${field}: ${message}`, [{ field, message }]);

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
