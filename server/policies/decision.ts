import type { ErrorCode } from '../lib/errors.ts';

/** Settings a rule depends on; taken from the config, passed in so rules stay pure. */
export interface PolicyContext {
  /** Staff must have two-factor turned on before any staff action. */
  requireStaffTwoFactor: boolean;
}

/** The safe default when a caller passes no context. */
export const strictPolicyContext: PolicyContext = { requireStaffTwoFactor: true };

export interface Denial {
  ok: false;
  status: 401 | 403 | 404 | 409;
  code: Extract<
    ErrorCode,
    'unauthenticated' | 'forbidden' | 'two_factor_required' | 'not_found' | 'conflict'
  >;
  message: string;
}

/** What a rule answers: allowed, or why not (turned into an AppError by `authorize`). */
export type Decision = { ok: true } | Denial;

export const allow: Decision = { ok: true };

export const deny = {
  unauthenticated: (): Denial => ({
    ok: false,
    status: 401,
    code: 'unauthenticated',
    message: 'Please sign in to continue.',
  }),
  forbidden: (message = 'You are not allowed to do that.'): Denial => ({
    ok: false,
    status: 403,
    code: 'forbidden',
    message,
  }),
  twoFactorRequired: (): Denial => ({
    ok: false,
    status: 403,
    code: 'two_factor_required',
    message:
      'Turn on two-factor authentication in your account settings before using staff tools. ' +
      'It keeps the people in our groups safe if your password is ever stolen.',
  }),
  /** For things the person may not know exist: the same answer as "missing". */
  notFound: (what = 'That'): Denial => ({
    ok: false,
    status: 404,
    code: 'not_found',
    message: `${what} was not found.`,
  }),
  conflict: (message: string): Denial => ({ ok: false, status: 409, code: 'conflict', message }),
};
