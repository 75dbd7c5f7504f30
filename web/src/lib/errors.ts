import i18next, { type TFunction } from 'i18next';
import { errorCodes, type ErrorCode } from '../../../contracts/common.ts';
import { ApiError, type FieldErrors } from './api.ts';

/**
 * The server writes its messages in English. To someone reading English they are shown as
 * written (they are more specific than a code's words); everyone else reads the translation
 * of the code, and of each field's problem kind.
 */
const serverLanguage = 'en';
const readsServerLanguage = (language: string | undefined) =>
  (language ?? '').toLowerCase().split('-')[0] === serverLanguage;

/** Codes whose server message is never shown, whatever the language. */
const ownWordsOnly = new Set<string>(['network', 'internal', 'csrf_failed', 'unknown']);

/** The catalogue key for an error code the web knows (the server's, plus `network`). */
export function errorKey(code: string): string | null {
  if (code === 'network') return 'errors.network';
  if (code === 'internal' || code === 'unknown') return 'errors.generic';
  if (code === 'csrf_failed') return 'errors.csrf';
  return (errorCodes as readonly string[]).includes(code) ? `errors.codes.${code}` : null;
}

/** What a field problem says: a schema issue from the web's own check or from the server. */
export interface Problem {
  /** zod's issue code (`too_small`, `invalid_format`, …); absent for a rule the server wrote. */
  issue?: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  /** The English words that came with it. */
  message?: string;
}

/** A friendly, translated message for one field's problem; `field` is its dotted name. */
export function describeProblem(
  problem: Problem,
  field: string,
  t: TFunction,
  language: string | undefined = i18next.language,
): string {
  const name = field.split('.').pop() ?? '';
  const ownWords = () =>
    problem.message && readsServerLanguage(language) ? problem.message : t('validation.invalid');
  const isList = problem.origin === 'array' || problem.origin === 'set';
  const isNumber = problem.origin === 'number' || problem.origin === 'bigint';
  switch (problem.issue) {
    case 'invalid_type':
      return t('validation.required');
    case 'too_small': {
      const min = Number(problem.minimum);
      if (isNumber) return t('validation.tooSmallNumber', { min });
      if (isList) return t('validation.chooseAtLeast', { count: Math.max(1, min) });
      return min <= 1 ? t('validation.required') : t('validation.tooShort', { min });
    }
    case 'too_big': {
      const max = Number(problem.maximum);
      if (isNumber) return t('validation.tooBigNumber', { max });
      if (isList) return t('validation.chooseAtMost', { count: max });
      return t('validation.tooLong', { max });
    }
    case 'invalid_format':
      if (problem.format === 'email') return t('validation.email');
      if (problem.format === 'url') return t('validation.url');
      if (/code/i.test(name)) return t('validation.code');
      return t('validation.invalid');
    case 'invalid_value':
      return name === 'confirm' ? t('validation.typeDelete') : t('validation.invalidOption');
    case 'unrecognized_keys':
      return t('validation.unknownField');
    case 'password_common':
      return t('validation.passwordCommon');
    case 'password_personal':
      return t('validation.passwordPersonal');
    case 'custom':
      return name === 'timezone' ? t('validation.timezone') : ownWords();
    default:
      return ownWords();
  }
}

/** Each bad field of an API failure, worded in the person's language (first problem wins). */
export function describeFieldErrors(
  error: ApiError,
  t: TFunction,
  language: string | undefined = i18next.language,
): FieldErrors {
  const out: FieldErrors = {};
  for (const d of error.details) out[d.field] ??= describeProblem(d, d.field, t, language);
  return out;
}

/** The words to show for a failure as a whole, by its code, in the person's language. */
export function describeError(
  error: unknown,
  t: TFunction,
  language: string | undefined = i18next.language,
): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  const key = errorKey(error.code);
  // A code the web does not know: its message is all there is (the web's own errors carry
  // words already translated).
  if (!key) return error.message || t('errors.generic');
  if (!ownWordsOnly.has(error.code) && error.message && readsServerLanguage(language)) {
    return error.message;
  }
  if (error.code === ('rate_limited' satisfies ErrorCode) && error.retryAfterSeconds) {
    return t('errors.rateLimitedFor', { count: Math.ceil(error.retryAfterSeconds / 60) });
  }
  return t(key);
}
