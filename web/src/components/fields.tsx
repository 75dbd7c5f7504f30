import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../lib/form.ts';
import { Field, PasswordInput, TimezoneSelect } from './forms.tsx';

// The fields several forms share, composed once: each renders its label, hint, inline error
// (from `form.errors[name]`) and the right autocomplete, so sign-up, settings, sign-in and
// reset stay the same to people and to password managers.

interface TextFieldProps {
  form: Form;
  value: string;
  onChange: (value: string) => void;
  /** The field name, as the contract and the error summary know it. */
  name?: string;
  label?: string;
  /** Replaces the usual hint; `null` shows none. */
  hint?: ReactNode | null;
}

const hintOr = (hint: ReactNode | null | undefined, fallback: ReactNode) =>
  hint === null ? undefined : (hint ?? fallback);

/** An email address, with the "we never show it" hint (`username` where it signs in). */
export function EmailField({
  form,
  value,
  onChange,
  name = 'email',
  label,
  hint,
  autoComplete = 'email',
}: TextFieldProps & { autoComplete?: 'email' | 'username' }) {
  const { t } = useTranslation();
  return (
    <Field
      name={name}
      label={label ?? t('fields.email')}
      hint={hintOr(hint, t('fields.emailHint'))}
      error={form.errors[name]}
    >
      {(p) => (
        <input
          {...p}
          type="email"
          autoComplete={autoComplete}
          inputMode="email"
          spellCheck={false}
          autoCapitalize="none"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** The name others in one's groups see, with the hint on what people usually choose. */
export function DisplayNameField({ form, value, onChange }: TextFieldProps) {
  const { t } = useTranslation();
  return (
    <Field
      name="displayName"
      label={t('fields.displayName')}
      hint={t('fields.displayNameHint')}
      error={form.errors.displayName}
    >
      {(p) => (
        <input
          {...p}
          type="text"
          autoComplete="nickname"
          maxLength={60}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A new password, with the strength hints; password managers offer to generate one. */
export function NewPasswordField({
  form,
  value,
  onChange,
  name = 'password',
  label,
  hint,
}: TextFieldProps) {
  const { t } = useTranslation();
  return (
    <Field
      name={name}
      label={label ?? t('fields.password')}
      hint={hintOr(hint, t('fields.passwordHint'))}
      error={form.errors[name]}
    >
      {(p) => (
        <PasswordInput {...p} autoComplete="new-password" value={value} onChange={onChange} />
      )}
    </Field>
  );
}

/** The person's current password, to confirm who is asking. */
export function CurrentPasswordField({
  form,
  value,
  onChange,
  name = 'password',
  label,
  hint,
}: TextFieldProps) {
  const { t } = useTranslation();
  return (
    <Field
      name={name}
      label={label ?? t('fields.password')}
      hint={hint ?? undefined}
      error={form.errors[name]}
    >
      {(p) => (
        <PasswordInput {...p} autoComplete="current-password" value={value} onChange={onChange} />
      )}
    </Field>
  );
}

/** The 6-digit code from an authenticator app (or, when allowed, a recovery code). */
export function TwoFactorCodeField({
  form,
  value,
  onChange,
  name = 'code',
  label,
  hint,
  allowRecoveryCode = false,
}: TextFieldProps & { allowRecoveryCode?: boolean }) {
  const { t } = useTranslation();
  return (
    <Field
      name={name}
      label={label ?? t('fields.code')}
      hint={hintOr(hint, t('fields.codeHint'))}
      error={form.errors[name]}
    >
      {(p) => (
        <input
          {...p}
          className="input--code"
          type="text"
          inputMode={allowRecoveryCode ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={allowRecoveryCode ? 14 : 8}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A typed code without the spaces people add when copying it ("123 456"). */
export const cleanCode = (code: string) => code.replace(/\s/g, '');

/** Pronouns (optional, can be left out) and time zone: how a person introduces themselves. */
export function PronounsTimezoneFields({
  form,
  pronouns,
  onPronouns,
  timezone,
  onTimezone,
  withPronouns = true,
  timezoneHint,
}: {
  form: Form;
  pronouns: string;
  onPronouns: (value: string) => void;
  timezone: string;
  onTimezone: (value: string) => void;
  withPronouns?: boolean;
  timezoneHint: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {withPronouns && (
        <Field
          name="pronouns"
          label={t('fields.pronouns')}
          hint={t('fields.pronounsHint')}
          error={form.errors.pronouns}
          optional
        >
          {(p) => (
            <input
              {...p}
              type="text"
              maxLength={30}
              value={pronouns}
              onChange={(e) => onPronouns(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field
        name="timezone"
        label={t('fields.timezone')}
        hint={timezoneHint}
        error={form.errors.timezone}
      >
        {(p) => <TimezoneSelect {...p} value={timezone} onChange={onTimezone} />}
      </Field>
    </>
  );
}
