import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { NewAccountForm } from './NewAccountForm.tsx';

/**
 * Sign-up answers the same for a new and a registered email, so this page never says which:
 * it asks the person to open the link we emailed (which finishes the account and signs in).
 */
export default function SignUp() {
  const { t } = useTranslation();
  const session = useSession();
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  if (sentTo) {
    return (
      <div className="narrow stack">
        <PageHeading>{t('signUp.sentTitle')}</PageHeading>
        <p className="lead" role="status">
          {t('signUp.sent', { email: sentTo })}
        </p>
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
          setSentTo(body.email);
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
