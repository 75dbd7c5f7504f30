import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SignUpBody } from '../../../../contracts/auth.ts';
import {
  ErrorSummary,
  Field,
  FormStatus,
  PasswordInput,
  SubmitButton,
  TimezoneSelect,
  detectTimeZone,
} from '../../components/forms.tsx';
import { isLanguage } from '../../i18n/index.ts';
import type { ApiError } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';

/** The fields of sign-up and first-admin setup. */
export function NewAccountForm({
  submitLabel,
  pendingLabel,
  onSubmit,
  onError,
  withPronouns = true,
  footer,
}: {
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (body: SignUpBody) => Promise<string | void>;
  onError?: (e: ApiError) => string | undefined;
  withPronouns?: boolean;
  footer?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const form = useForm();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [pronouns, setPronouns] = useState('');
  const [timezone, setTimezone] = useState(detectTimeZone);

  const labels = {
    email: t('fields.email'),
    password: t('fields.password'),
    displayName: t('fields.displayName'),
    pronouns: t('fields.pronouns'),
    timezone: t('fields.timezone'),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(SignUpBody, {
        email,
        password,
        displayName,
        ...(withPronouns && pronouns.trim() ? { pronouns } : {}),
        timezone,
        ...(isLanguage(i18n.language) ? { locale: i18n.language } : {}),
      });
      return onSubmit(body);
    }, onError);
  };

  return (
    <form onSubmit={submit} noValidate className="form stack">
      <ErrorSummary form={form} labels={labels} />
      <Field
        name="email"
        label={labels.email}
        hint={t('fields.emailHint')}
        error={form.errors.email}
      >
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            autoCapitalize="none"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field
        name="password"
        label={labels.password}
        hint={t('fields.passwordHint')}
        error={form.errors.password}
      >
        {(p) => (
          <PasswordInput
            {...p}
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
          />
        )}
      </Field>
      <Field
        name="displayName"
        label={labels.displayName}
        hint={t('fields.displayNameHint')}
        error={form.errors.displayName}
      >
        {(p) => (
          <input
            {...p}
            type="text"
            autoComplete="nickname"
            maxLength={60}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        )}
      </Field>
      {withPronouns && (
        <Field
          name="pronouns"
          label={labels.pronouns}
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
              onChange={(e) => setPronouns(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field
        name="timezone"
        label={labels.timezone}
        hint={t('fields.timezoneDetected')}
        error={form.errors.timezone}
      >
        {(p) => <TimezoneSelect {...p} value={timezone} onChange={setTimezone} />}
      </Field>
      <FormStatus form={form} />
      <div className="actions">
        <SubmitButton form={form} pendingText={pendingLabel}>
          {submitLabel}
        </SubmitButton>
      </div>
      {footer}
    </form>
  );
}
