import { CurrentPasswordField, EmailField } from '../../components/fields.tsx';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangeEmailBody } from '../../../../contracts/account.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, FormEnd } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { apiErrorMessage, useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function Email() {
  const { t } = useTranslation();
  const { user } = useSession();
  const form = useForm();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const verify = useMutation({ mutationFn: () => api.verifyEmail() });
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
      {!user.emailVerified && (
        <div className="notice notice--info stack">
          <p>{t('settings.unconfirmedText')}</p>
          <p>
            <button
              type="button"
              className="button button--secondary"
              disabled={verify.isPending}
              onClick={() => verify.mutate()}
            >
              {t('settings.sendConfirmation')}
            </button>
          </p>
          <div role="status">
            {verify.isSuccess && <p>{t('settings.confirmationSent', { email: user.email })}</p>}
          </div>
          {verify.error && <p role="alert">{apiErrorMessage(verify.error, t)}</p>}
        </div>
      )}
      <p className="hint">{t('fields.emailHint')}</p>
      <form onSubmit={submit} noValidate className="form stack">
        <ErrorSummary form={form} labels={labels} />
        <EmailField
          form={form}
          name="newEmail"
          label={labels.newEmail}
          hint={null}
          value={newEmail}
          onChange={setNewEmail}
        />
        <CurrentPasswordField
          form={form}
          label={labels.password}
          hint={t('settings.emailPasswordHint')}
          value={password}
          onChange={setPassword}
        />
        <FormEnd form={form} label={t('settings.emailSubmit')} />
      </form>
    </>
  );
}
