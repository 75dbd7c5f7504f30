import {
  DisplayNameField,
  EmailField,
  NewPasswordField,
  PronounsTimezoneFields,
} from '../../components/fields.tsx';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SignUpBody } from '../../../../contracts/auth.ts';
import { ErrorSummary, FormEnd, detectTimeZone } from '../../components/forms.tsx';
import { isLanguage } from '../../i18n/index.ts';
import type { ApiError } from '../../lib/api.ts';
import { useForm, type Form } from '../../lib/form.ts';

/** The fields of sign-up and first-admin setup. */
export function NewAccountForm({
  submitLabel,
  pendingLabel,
  onSubmit,
  onError,
  withPronouns = true,
  footer,
  fixedEmail,
  extra,
}: {
  submitLabel: string;
  pendingLabel: string;
  onSubmit: (body: SignUpBody) => Promise<string | void>;
  onError?: (e: ApiError) => string | undefined;
  withPronouns?: boolean;
  footer?: ReactNode;
  /** The address is already known (an invitation's): shown, not asked for. */
  fixedEmail?: string;
  /** More fields before the submit button (their errors come from `form`). */
  extra?: (form: Form) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const form = useForm();
  const [email, setEmail] = useState(fixedEmail ?? '');
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
      {fixedEmail ? (
        <p>
          {t('fields.email')}: <strong className="break">{fixedEmail}</strong>
        </p>
      ) : (
        <EmailField form={form} value={email} onChange={setEmail} />
      )}
      <NewPasswordField form={form} value={password} onChange={setPassword} />
      <DisplayNameField form={form} value={displayName} onChange={setDisplayName} />
      <PronounsTimezoneFields
        form={form}
        withPronouns={withPronouns}
        pronouns={pronouns}
        onPronouns={setPronouns}
        timezone={timezone}
        onTimezone={setTimezone}
        timezoneHint={t('fields.timezoneDetected')}
      />
      {extra?.(form)}
      <FormEnd form={form} label={submitLabel} pendingText={pendingLabel} />
      {footer}
    </form>
  );
}
