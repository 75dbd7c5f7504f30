import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../lib/form.ts';

export interface ControlProps {
  id: string;
  name: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/** A labelled control with its hint and inline error, linked by aria-describedby. */
export function Field({
  name,
  label,
  hint,
  error,
  optional,
  children,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> ({t('common.optional')})</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {children({
        id,
        name,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
      })}
    </div>
  );
}

/** Ids are the field names (one form per page section); dots are not valid in CSS selectors. */
export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** A password input with a show/hide button. */
export function PasswordInput({
  autoComplete,
  value,
  onChange,
  ...props
}: ControlProps & {
  autoComplete: 'current-password' | 'new-password';
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <div className="password">
      <input
        {...props}
        type={shown ? 'text' : 'password'}
        autoComplete={autoComplete}
        spellCheck={false}
        autoCapitalize="none"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <button
        type="button"
        className="button button--ghost password__toggle"
        aria-pressed={shown}
        aria-controls={props.id}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? t('fields.hide') : t('fields.show')}
        <span className="visually-hidden"> {t('fields.passwordWord')}</span>
      </button>
    </div>
  );
}

/** Lists every problem after a failed submit, with links to the fields; takes focus. */
export function ErrorSummary({ form, labels }: { form: Form; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const entries = Object.entries(form.errors);
  const visible = form.failures > 0 && (entries.length > 0 || form.formError);
  useEffect(() => {
    if (form.failures > 0) ref.current?.focus();
  }, [form.failures]);
  if (!visible) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby={headingId}>
      <h2 id={headingId} className="error-summary__title">
        {entries.length > 0 ? t('errors.summaryTitle') : form.formError}
      </h2>
      {entries.length > 0 && (
        <ul>
          {form.formError && <li>{form.formError}</li>}
          {entries.map(([field, message]) => (
            <li key={field}>
              {labels[field] ? (
                <a
                  href={`#${fieldId(field)}`}
                  onClick={(e) => {
                    const el = document.getElementById(fieldId(field));
                    if (el) {
                      e.preventDefault();
                      el.focus();
                    }
                  }}
                >
                  {labels[field]}: {message}
                </a>
              ) : (
                message
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A polite live region for a form's success message. Always rendered so it is announced. */
export function FormStatus({ form, children }: { form: Form; children?: ReactNode }) {
  return (
    <div className="form-status" role="status">
      {form.status && (
        <p className="notice notice--success">
          <span aria-hidden="true">✓ </span>
          {form.status}
          {children}
        </p>
      )}
    </div>
  );
}

/**
 * The end of a form: its outcome (`FormStatus`) and its submit button, `label` ("Save" unless
 * told) showing `pendingText` ("Saving…" unless told) while it runs; `children` are further
 * actions beside the button.
 */
export function FormEnd({
  form,
  label,
  pendingText,
  variant,
  children,
}: {
  form: Form;
  label?: string;
  pendingText?: string;
  variant?: 'primary' | 'danger' | 'secondary';
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormStatus form={form} />
      <div className="actions">
        <SubmitButton form={form} variant={variant} pendingText={pendingText ?? t('common.saving')}>
          {label ?? t('common.save')}
        </SubmitButton>
        {children}
      </div>
    </>
  );
}

export function SubmitButton({
  form,
  children,
  pendingText,
  variant = 'primary',
}: {
  form: Form;
  children: ReactNode;
  pendingText?: string;
  variant?: 'primary' | 'danger' | 'secondary';
}) {
  return (
    <button
      type="submit"
      className={`button button--${variant}`}
      disabled={form.pending}
      aria-disabled={form.pending}
    >
      {form.pending && pendingText ? pendingText : children}
    </button>
  );
}

/** The device's time zone, if the runtime knows it. */
export function detectTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function TimezoneSelect({
  value,
  onChange,
  ...props
}: ControlProps & { value: string; onChange: (v: string) => void }) {
  const zones = useMemo(() => {
    const list = new Set(Intl.supportedValuesOf('timeZone'));
    list.add('UTC');
    if (value) list.add(value);
    return [...list].sort();
  }, [value]);
  return (
    <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      {zones.map((z) => (
        <option key={z} value={z}>
          {z.replace(/_/g, ' ')}
        </option>
      ))}
    </select>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}
