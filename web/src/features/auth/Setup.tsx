import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { NewAccountForm } from './NewAccountForm.tsx';

/** Creates the first administrator on a fresh installation. */
export default function Setup() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: queryKeys.setupStatus(), queryFn: api.setupStatus });
  // If the server cannot say, the session's answer decides.
  const required = query.isError ? session.setupRequired : (query.data?.required ?? null);

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
              if (e.code === 'setup_complete') void query.refetch();
              return undefined;
            }}
          />
        </>
      )}
    </div>
  );
}
