import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../app/session.tsx';
import { PageHeading } from '../lib/page.tsx';

/** Shown after an account is deleted. */
export default function Goodbye() {
  const { t } = useTranslation();
  const { forget } = useSession();
  const deleted = (useLocation().state as { deleted?: boolean } | null)?.deleted === true;
  useEffect(() => {
    if (deleted) forget();
  }, [deleted, forget]);
  return (
    <div className="narrow stack goodbye">
      <PageHeading>{t('goodbye.title')}</PageHeading>
      <p className="lead">{t('goodbye.text')}</p>
      <p>{t('goodbye.wish')}</p>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </div>
  );
}
