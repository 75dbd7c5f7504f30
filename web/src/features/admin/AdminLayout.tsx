import { useTranslation } from 'react-i18next';
import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { Loading } from '../../components/forms.tsx';
import { ApiError } from '../../lib/api.ts';

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <nav aria-label={t('admin.nav')} className="tabs">
        <ul>
          <li>
            <NavLink to="/admin/users">{t('admin.users')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/audit">{t('admin.audit')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/import">{t('admin.import')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/settings">{t('admin.settings')}</NavLink>
          </li>
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}

/** Staff who must turn on two-factor first get this code from every staff request. */
export const isTwoFactorRequired = (e: unknown) =>
  e instanceof ApiError && e.code === 'two_factor_required';

/** Shown when the server answers `two_factor_required` to a staff request. */
export function TwoFactorPanel() {
  const { t } = useTranslation();
  return (
    <div className="panel stack">
      <h2>{t('admin.twoFactorTitle')}</h2>
      <p>{t('admin.twoFactorText')}</p>
      <p>
        <Link to="/settings/security" className="button button--primary">
          {t('admin.twoFactorLink')}
        </Link>
      </p>
    </div>
  );
}
