import { z } from 'zod';
import { SignedIn } from '../../../contracts/auth.ts';
import { errorResponses } from '../../../contracts/common.ts';

// Route-only schemas the shared contracts do not (yet) name.

export { SignedIn };

/** 204 answers carry no body. */
export const NoContent = z.null().describe('No content');

export const SessionIdParams = z.object({ id: z.string().min(1).max(128) });

/** The error responses a route can give, for the OpenAPI document (the shared helper). */
export { errorResponses as errors };
