import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../app/session.tsx';
import { PageHeading } from '../lib/page.tsx';

/** An honest, warm placeholder for a part of the site that is still being built. */
export default function ComingSoon({ kind }: { kind: 'groups' | 'health' | 'science' }) {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <div className="narrow stack">
      <p className="badge">{t('soon.badge')}</p>
      <PageHeading>{t(`soon.${kind}Title`)}</PageHeading>
      <p className="lead">{t(`soon.${kind}Text`)}</p>
      <p>{t('soon.meanwhile')}</p>
      <p>
        {t('soon.groupsOpen')} <Link to="/groups">{t('layout.findGroup')}</Link>
      </p>
      {!user && (
        <p>
          {t('soon.createAccount')} <Link to="/sign-up">{t('home.ctaJoin')}</Link>
        </p>
      )}
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </div>
  );
}
