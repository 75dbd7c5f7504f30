import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { SignUpBody } from '../../../../contracts/auth.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { apiErrorMessage } from '../../lib/form.ts';
import { PageHeading } from '../../lib/page.tsx';
import { NewAccountForm } from './NewAccountForm.tsx';

/**
 * Sign-up answers the same for a new and a registered email, so this page never says which:
 * it asks the person to open the link we emailed (which finishes the account and signs in).
 */
export default function SignUp() {
  const { t } = useTranslation();
  const session = useSession();
  const [sent, setSent] = useState<SignUpBody | null>(null);
  // The same request again: the server sends a new link while the first is unopened (it
  // limits how often, per address and per device).
  const resend = useMutation({ mutationFn: (body: SignUpBody) => api.signUp(body) });
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  if (sent) {
    return (
      <div className="narrow stack">
        <PageHeading>{t('signUp.sentTitle')}</PageHeading>
        <p className="lead" role="status">
          {t('signUp.sent', { email: sent.email })}
        </p>
        <div className="stack">
          <p>{t('signUp.resendIntro')}</p>
          <p>
            <button
              type="button"
              className="button button--secondary"
              disabled={resend.isPending}
              onClick={() => resend.mutate(sent)}
            >
              {resend.isPending ? t('signUp.resending') : t('signUp.resend')}
            </button>
          </p>
          <div role="status">
            {resend.isSuccess && (
              <p className="notice notice--success">{t('signUp.resent', { email: sent.email })}</p>
            )}
          </div>
          {resend.error && (
            <p className="notice notice--error" role="alert">
              {apiErrorMessage(resend.error, t)}
            </p>
          )}
        </div>
        <p>
          {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow stack">
      <PageHeading>{t('signUp.title')}</PageHeading>
      <p className="lead">{t('signUp.intro')}</p>
      <NewAccountForm
        submitLabel={t('signUp.submit')}
        pendingLabel={t('signUp.submitting')}
        onSubmit={async (body) => {
          await api.signUp(body);
          setSent(body);
        }}
        footer={
          <p>
            {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
          </p>
        }
      />
    </div>
  );
}
