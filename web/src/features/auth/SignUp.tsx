import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { NewAccountForm } from './NewAccountForm.tsx';

export default function SignUp() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  return (
    <div className="narrow stack">
      <PageHeading>{t('signUp.title')}</PageHeading>
      <p className="lead">{t('signUp.intro')}</p>
      <NewAccountForm
        submitLabel={t('signUp.submit')}
        pendingLabel={t('signUp.submitting')}
        onSubmit={async (body) => {
          const { user, csrfToken } = await api.signUp(body);
          session.signedIn(user, csrfToken);
          session.setFlash({ message: t('signUp.done', { name: user.displayName }), path: '/' });
          navigate('/');
        }}
        onError={(e) => (e.code === 'conflict' ? t('signUp.conflict') : undefined)}
        footer={
          <p>
            {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInLink')}</Link>
          </p>
        }
      />
    </div>
  );
}
