import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/forms.tsx';
import { PageHeading } from '../lib/page.tsx';
import { useSession } from './session.tsx';

/** Signed-in pages: others go to sign in and come back afterwards. */
export function RequireUser({ children, admin }: { children: ReactNode; admin?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading />;
  if (!session.user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (admin && session.user.role !== 'admin') {
    return (
      <div className="narrow stack">
        <PageHeading>{t('admin.title')}</PageHeading>
        <p>{t('admin.notAllowed')}</p>
      </div>
    );
  }
  return children;
}

/** Only same-site paths are followed after sign-in; by default, the person's home. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/home';
}
