import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, issueKind, type ErrorCode, type ErrorDetail } from '../lib/errors.ts';

function send(status: number, code: ErrorCode, message: string, details?: ErrorDetail[]) {
  return { status, body: { error: details ? { code, message, details } : { code, message } } };
}

/** Turns any thrown error into `{ error: { code, message, details? } }`; 5xx internals stay in the log. */
export function toErrorResponse(err: unknown, requestId: string) {
  if (err instanceof AppError) return send(err.status, err.code, err.message, err.details);
  const fe = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const context = fe.validationContext ?? 'body';
    const details = fe.validation.flatMap((v): ErrorDetail[] => {
      const path = v.instancePath.split('/').filter(Boolean);
      const field = (...more: string[]) => [context, ...path, ...more].join('.');
      // An unknown key is reported on the key itself, e.g. `body.role`.
      const keys = (v.params as { keys?: unknown }).keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length) {
        return keys.map((k) => ({
          field: field(String(k)),
          message: 'is not a field this accepts',
          issue: 'unrecognized_keys',
        }));
      }
      return [
        {
          field: field(),
          message: v.message ?? 'is invalid',
          ...issueKind(v.keyword, v.params as Record<string, unknown>),
        },
      ];
    });
    const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return send(400, 'validation_failed', message, details);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return send(400, 'bad_request', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(413, 'payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json.');
  }
  if (fe.statusCode === 429)
    return send(429, 'rate_limited', 'Too many requests. Please wait a little and try again.');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return send(fe.statusCode, 'bad_request', fe.message);
  }
  return send(500, 'internal', `Something went wrong on our side (reference ${requestId}).`);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toErrorResponse(err, request.id);
    if (status >= 500) request.log.error({ err }, 'request failed');
    if (err instanceof AppError && err.retryAfterSeconds) {
      reply.header('retry-after', String(err.retryAfterSeconds));
    }
    return reply.code(status).send(body);
  });
}
