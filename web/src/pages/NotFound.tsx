import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../lib/page.tsx';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="narrow stack">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </div>
  );
}
