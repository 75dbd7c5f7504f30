import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { NewAccountForm } from './NewAccountForm.tsx';

/** Creates the first administrator on a fresh installation. */
export default function Setup() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [required, setRequired] = useState<boolean | null>(null);

  useEffect(() => {
    let live = true;
    api
      .setupStatus()
      .then((s) => live && setRequired(s.required))
      .catch(() => live && setRequired(session.setupRequired));
    return () => {
      live = false;
    };
  }, [session.setupRequired]);

  return (
    <div className="narrow stack">
      <PageHeading>{t('setup.title')}</PageHeading>
      {required === null && <Loading />}
      {required === false && (
        <>
          <p className="lead">{t('setup.already')}</p>
          <p>
            <Link to={session.user ? '/' : '/sign-in'}>
              {session.user ? t('common.backHome') : t('layout.signIn')}
            </Link>
          </p>
        </>
      )}
      {required && (
        <>
          <p className="lead">{t('setup.intro')}</p>
          <NewAccountForm
            withPronouns={false}
            submitLabel={t('setup.submit')}
            pendingLabel={t('setup.submitting')}
            onSubmit={async (body) => {
              const { user, csrfToken } = await api.setup(body);
              session.signedIn(user, csrfToken);
              session.setFlash({
                message: `${t('setup.done')} ${t('setup.twoFactorNext')}`,
                path: '/settings/security',
              });
              navigate('/settings/security');
            }}
            onError={(e) => {
              if (e.code === 'setup_complete') setRequired(false);
              return undefined;
            }}
          />
        </>
      )}
    </div>
  );
}
