import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ZodType, output } from 'zod';
import { ApiError, type FieldErrors } from './api.ts';
import { describeError, describeFieldErrors, describeProblem } from './errors.ts';

/** Thrown by `check` when the form's values do not pass the contract schema. */
export class InvalidForm extends Error {
  constructor(readonly errors: FieldErrors) {
    super('invalid form');
  }
}

interface Issue {
  code: string;
  path: PropertyKey[];
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
  message: string;
}

/** A friendly, translated message for one schema issue (the same words the server's get). */
const messageFor = (issue: Issue, t: TFunction): string =>
  describeProblem(
    {
      issue: issue.code,
      origin: issue.origin,
      minimum: Number(issue.minimum),
      maximum: Number(issue.maximum),
      format: issue.format,
      message: issue.message,
    },
    issue.path.map(String).join('.'),
    t,
  );

/** The words to show for an API failure (an older name of `describeError`). */
export const apiErrorMessage = describeError;

export interface FormState {
  pending: boolean;
  errors: FieldErrors;
  /** A message for the whole form (shown in the error summary). */
  formError: string | null;
  /** A success message, announced politely. */
  status: string | null;
  /** Increments on each failed submit; the error summary focuses itself when it changes. */
  failures: number;
}

/**
 * Form submission with one request at a time, field errors from the contract schema or the
 * server, and a success message.
 */
export function useForm() {
  const { t } = useTranslation();
  const [state, setState] = useState<FormState>({
    pending: false,
    errors: {},
    formError: null,
    status: null,
    failures: 0,
  });
  const busy = useRef(false);

  /** Parses values with a contract schema, throwing field errors the form shows. */
  const check = useCallback(
    <S extends ZodType>(schema: S, values: unknown): output<S> => {
      const r = schema.safeParse(values);
      if (r.success) return r.data;
      const errors: FieldErrors = {};
      for (const issue of r.error.issues as Issue[]) {
        const key = issue.path.map(String).join('.');
        errors[key] ??= messageFor(issue, t);
      }
      throw new InvalidForm(errors);
    },
    [t],
  );

  /**
   * Runs `action`; its string result becomes the success message. `onError` may turn an
   * API error into a friendlier message (return undefined to keep the server's).
   */
  const run = useCallback(
    async (
      action: () => Promise<string | void | null>,
      onError?: (e: ApiError) => string | undefined,
    ) => {
      if (busy.current) return;
      busy.current = true;
      setState((s) => ({ ...s, pending: true, status: null }));
      try {
        const status = await action();
        setState((s) => ({
          ...s,
          pending: false,
          errors: {},
          formError: null,
          status: status || null,
        }));
      } catch (e) {
        let errors: FieldErrors = {};
        let formError: string | null = null;
        if (e instanceof InvalidForm) {
          errors = e.errors;
        } else if (e instanceof ApiError) {
          errors = describeFieldErrors(e, t);
          const custom = onError?.(e);
          if (custom !== undefined) formError = custom;
          else if (Object.keys(errors).length === 0) formError = describeError(e, t);
        } else {
          console.error(e);
          formError = t('errors.generic');
        }
        setState((s) => ({
          pending: false,
          errors,
          formError,
          status: null,
          failures: s.failures + 1,
        }));
      } finally {
        busy.current = false;
      }
    },
    [t],
  );

  const setStatus = useCallback((status: string | null) => setState((s) => ({ ...s, status })), []);

  return { ...state, check, run, setStatus };
}

export type Form = ReturnType<typeof useForm>;
