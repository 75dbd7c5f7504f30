import { z } from 'zod';
import { ErrorBody } from '../../../contracts/common.ts';

// Route-only schemas of the account module; shared request and response shapes live in
// contracts/account.ts.

export const AuditPageQuery = z.object({
  /** An event id from the previous page's `nextCursor`. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const EmailChangeAccepted = z.object({
  /** When the emailed link stops working. */
  expiresAt: z.string(),
});

/** The export file: fixed header fields, then one key per registered section. */
export const ExportDocumentSchema = z
  .object({ format: z.literal('iconocast-export/1'), exportedAt: z.string() })
  .catchall(z.unknown());

export const NoContent = z.undefined().describe('No content');

/** The error shapes every account route can answer with. */
export const accountErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
} as const;
