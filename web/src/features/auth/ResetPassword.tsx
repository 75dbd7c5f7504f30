import { NewPasswordField } from '../../components/fields.tsx';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PasswordResetConfirmBody } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { ErrorSummary, FormEnd, FormStatus } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { useForm } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';

export default function ResetPassword() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [badToken, setBadToken] = useState(false);
  const labels = { password: t('reset.newPassword') };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void form.run(
      async () => {
        const body = form.check(PasswordResetConfirmBody, { token, password });
        // The reset signs out every device: the person signs in again with the new password.
        await api.confirmPasswordReset(body);
        setDone(true);
        await session.refresh();
        return t('reset.done');
      },
      (err) => {
        if (err.fieldErrors.token || err.code === 'not_found' || err.code === 'bad_request') {
          if (!err.fieldErrors.password) {
            setBadToken(true);
            return t('reset.badToken');
          }
        }
        return undefined;
      },
    );
  };

  return (
    <div className="narrow stack">
      <PageHeading>{t('reset.title')}</PageHeading>
      {!token ? (
        <>
          <p className="notice notice--info">{t('reset.missingToken')}</p>
          <p>
            <Link to="/forgot-password">{t('reset.askAgain')}</Link>
          </p>
        </>
      ) : done ? (
        <>
          <FormStatus form={form} />
          <p>
            {session.user ? (
              <Link to="/">{t('common.backHome')}</Link>
            ) : (
              <Link to="/sign-in">{t('layout.signIn')}</Link>
            )}
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate className="form stack">
          <ErrorSummary form={form} labels={labels} />
          <NewPasswordField
            form={form}
            label={labels.password}
            value={password}
            onChange={setPassword}
          />
          <FormEnd form={form} label={t('reset.submit')} pendingText={t('reset.submitting')} />
          {badToken && (
            <p>
              <Link to="/forgot-password">{t('reset.askAgain')}</Link>
            </p>
          )}
        </form>
      )}
    </div>
  );
}
