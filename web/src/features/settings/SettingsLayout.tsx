import { useTranslation } from 'react-i18next';
import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Loading } from '../../components/forms.tsx';

const sections = [
  'profile',
  'privacy',
  'email',
  'notifications',
  'password',
  'security',
  'sessions',
  'activity',
  'calendar',
  'attendance',
  'data',
] as const;

export default function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <div className="with-sidebar">
      <nav aria-label={t('settings.nav')} className="sidebar">
        <p className="sidebar__title" aria-hidden="true">
          {t('settings.title')}
        </p>
        <ul>
          {sections.map((s) => (
            <li key={s}>
              <NavLink to={`/settings/${s}`}>{t(`settings.${s}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="with-sidebar__main stack">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}
