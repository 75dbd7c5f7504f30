import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Loading } from '../components/forms.tsx';
import { FooterCrisis, GetHelpNow } from '../features/help/CrisisHelp.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { isLanguage, setLanguage, type Language } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { queryKeys } from '../lib/query.ts';
import { requestHeadingFocus, setOrganisationName } from '../lib/page.tsx';
import { useSession } from './session.tsx';

export function Layout() {
  const { t } = useTranslation();
  // The organisation's own name in the header (Iconocast until an admin sets one).
  const organisation = useQuery({
    queryKey: queryKeys.publicOrganisation(),
    queryFn: api.publicOrganisation,
    staleTime: 5 * 60_000,
  });
  const organisationName = organisation.data?.name ?? null;
  // Every page's tab title ends with the organisation's name (see useDocumentTitle).
  useEffect(() => setOrganisationName(organisationName), [organisationName]);
  const location = useLocation();
  const session = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const firstPath = useRef(location.pathname);

  useEffect(() => {
    setMenuOpen(false);
    if (firstPath.current === location.pathname) return;
    firstPath.current = '';
    // Move focus to the new page's h1; a page still loading takes it when its h1 mounts.
    const h1 = document.querySelector<HTMLElement>('main h1');
    if (h1) h1.focus();
    else requestHeadingFocus();
    if (!h1) window.scrollTo(0, 0);
  }, [location.pathname]);

  // A flash belongs to one page: it goes when the person moves on to another.
  const { flash, setFlash } = session;
  const flashRef = useRef(flash);
  flashRef.current = flash;
  useEffect(() => {
    const current = flashRef.current;
    if (current && current.path !== location.pathname) setFlash(null);
  }, [setFlash, location.pathname]);

  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  const needsTwoFactor =
    session.user?.twoFactorSetupRequired && !location.pathname.startsWith('/settings/security');

  return (
    <div className="page">
      <a className="skip-link" href="#main" onClick={skip}>
        {t('layout.skipLink')}
      </a>
      <header className="site-header">
        <GetHelpNow />
        <div className="site-header__inner">
          <Link
            to="/"
            className="brand"
            aria-label={t('layout.homeLink', {
              name: organisation.data?.name ?? t('common.appName'),
            })}
          >
            {/* The name is beside it, so the image itself says nothing more: empty alt. */}
            {organisation.data?.logoUrl ? (
              <img src={organisation.data.logoUrl} alt="" height="36" className="brand__logo" />
            ) : (
              <img src="/favicon.svg" alt="" width="36" height="36" />
            )}
            <span className="brand__name">{organisation.data?.name ?? t('common.appName')}</span>
          </Link>
          {/* Outside the collapsible menu, so a phone shows the unread count too. */}
          {session.user && <NotificationBell />}
          <button
            type="button"
            className="menu-toggle button button--ghost"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span className="menu-toggle__icon" aria-hidden="true" />
            {t('layout.menu')}
          </button>
          <div id="site-menu" className={menuOpen ? 'site-menu is-open' : 'site-menu'}>
            <nav aria-label={t('layout.mainNav')} className="main-nav">
              <ul>
                {session.user && (
                  <li>
                    <NavLink to="/home">{t('layout.myHome')}</NavLink>
                  </li>
                )}
                <li>
                  <NavLink to="/groups">{t('layout.findGroup')}</NavLink>
                </li>
                <li>
                  <NavLink to="/health">{t('layout.health')}</NavLink>
                </li>
                <li>
                  <NavLink to="/science">{t('layout.science')}</NavLink>
                </li>
              </ul>
            </nav>
            <AccountArea />
            <LanguageToggle />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="flash-region" role="status">
          {flash && flash.path === location.pathname && (
            <p className="notice notice--success">{flash.message}</p>
          )}
        </div>
        {needsTwoFactor && (
          <p className="notice notice--info">
            {t('layout.staffTwoFactor')}{' '}
            <Link to="/settings/security">{t('layout.staffTwoFactorLink')}</Link>
          </p>
        )}
        <Suspense fallback={<Loading label={t('loading.page')} />}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
    </div>
  );
}

function AccountArea() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector<HTMLButtonElement>('.account__toggle')?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (session.status === 'loading') return <div className="account" />;
  const { user } = session;
  if (!user) {
    return (
      <div className="account account--signed-out">
        <NavLink to="/sign-in" className="nav-link">
          {t('layout.signIn')}
        </NavLink>
        <Link to="/sign-up" className="button button--primary">
          {t('layout.signUp')}
        </Link>
      </div>
    );
  }
  const signOut = async () => {
    await session.signOut().catch(() => undefined);
    session.setFlash({ message: t('layout.signedOut'), path: '/' });
    navigate('/');
  };
  return (
    <div className={open ? 'account is-open' : 'account'} ref={ref}>
      <button
        type="button"
        className="account__toggle button button--ghost"
        aria-expanded={open}
        aria-controls="account-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {user.displayName.trim().charAt(0).toUpperCase()}
        </span>
        <span className="visually-hidden">{t('layout.accountMenu')}: </span>
        {user.displayName}
      </button>
      <ul id="account-menu" className="account__menu">
        <li className="account__who">{t('layout.signedInAs', { name: user.displayName })}</li>
        <li>
          <NavLink to="/settings">{t('layout.settings')}</NavLink>
        </li>
        {user.role === 'admin' && (
          <li>
            <NavLink to="/admin">{t('layout.admin')}</NavLink>
          </li>
        )}
        <li>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            {t('layout.signOut')}
          </button>
        </li>
      </ul>
    </div>
  );
}

function LanguageToggle() {
  const { t } = useTranslation();
  const session = useSession();
  const target = t('layout.switchToLang');
  if (!isLanguage(target)) return null;
  const change = async (lng: Language) => {
    await setLanguage(lng);
    if (session.user && session.user.locale !== lng) {
      try {
        session.setUser(await api.updateAccount({ locale: lng }));
      } catch {
        // The switch still applies on this device.
      }
    }
  };
  return (
    <button
      type="button"
      className="language-toggle button button--ghost"
      lang={target}
      onClick={() => void change(target)}
    >
      {t('layout.switchTo')}
    </button>
  );
}

function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <FooterCrisis />
        <nav aria-label={t('layout.footerNav')} className="footer-nav">
          <ul>
            <li>
              <Link to="/groups">{t('layout.findGroup')}</Link>
            </li>
            <li>
              <Link to="/health">{t('layout.health')}</Link>
            </li>
            <li>
              <Link to="/science">{t('layout.science')}</Link>
            </li>
          </ul>
        </nav>
        <p className="small">{t('layout.footerAbout')}</p>
        <p className="small">{t('layout.footerPrivacy')}</p>
      </div>
    </footer>
  );
}
