import { z } from 'zod';
import { SignedIn } from '../../../contracts/auth.ts';
import { ErrorBody } from '../../../contracts/common.ts';

// Route-only schemas the shared contracts do not (yet) name.

export { SignedIn };

/** 204 answers carry no body. */
export const NoContent = z.null().describe('No content');

export const SessionIdParams = z.object({ id: z.string().min(1).max(128) });

/** The error responses a route can give, for the OpenAPI document. */
export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;
