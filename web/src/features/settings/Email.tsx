import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangeEmailBody } from '../../../../contracts/account.ts';
import { useSession } from '../../app/session.tsx';
import {
  ErrorSummary,
  Field,
  FormStatus,
  PasswordInput,
  SubmitButton,
} from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Email() {
  const { t } = useTranslation();
  const { user } = useSession();
  const form = useForm();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  if (!user) return null;
  const labels = { newEmail: t('settings.newEmail'), password: t('settings.emailPassword') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(async () => {
      const body = form.check(ChangeEmailBody, { newEmail, password });
      await api.changeEmail(body);
      setPassword('');
      return t('settings.emailSent', { email: body.newEmail });
    });
  };
  return (
    <>
      <PageHeading title={`${t('settings.email')} · ${t('settings.title')}`}>
        {t('settings.email')}
      </PageHeading>
      <p>
        {t('settings.emailIntro', { email: user.email })}{' '}
        <span className={user.emailVerified ? 'tag tag--ok' : 'tag'}>
          {user.emailVerified ? t('settings.emailVerified') : t('settings.emailUnverified')}
        </span>
      </p>
      <p className="hint">{t('fields.emailHint')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <Field name="newEmail" label={labels.newEmail} error={form.errors.newEmail}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="email"
              inputMode="email"
              spellCheck={false}
              autoCapitalize="none"
              value={newEmail}
              onChange={(e) => setNewEmail(e.target.value)}
            />
          )}
        </Field>
        <Field
          name="password"
          label={labels.password}
          hint={t('settings.emailPasswordHint')}
          error={form.errors.password}
        >
          {(p) => (
            <PasswordInput
              {...p}
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
            />
          )}
        </Field>
        <FormStatus form={form} />
        <div className="actions">
          <SubmitButton form={form} pendingText={t('common.saving')}>
            {t('settings.emailSubmit')}
          </SubmitButton>
        </div>
      </form>
    </>
  );
}
