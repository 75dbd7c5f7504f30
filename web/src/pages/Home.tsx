import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../app/session.tsx';
import { PageHeading } from '../lib/page.tsx';

const offers = ['belonging', 'strategies', 'facilitators', 'reachOut'] as const;
const offerIcons: Record<(typeof offers)[number], string> = {
  belonging: '◎',
  strategies: '✦',
  facilitators: '◈',
  reachOut: '❋',
};

export default function Home() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.setupRequired) return <Navigate to="/setup" replace />;
  const user = session.user;
  return (
    <>
      <section className="hero">
        <div className="hero__text">
          <PageHeading title={t('home.title')} className="hero__title">
            {t('home.heroTitle')}
          </PageHeading>
          {user && (
            <p className="hero__welcome">
              <strong>{t('home.welcomeBack', { name: user.displayName })}</strong>{' '}
              {t('home.welcomeBackText')}
            </p>
          )}
          <p className="lead">{t('home.heroText')}</p>
          <p>{t('home.heroSetback')}</p>
          <div className="actions">
            <Link to="/groups" className="button button--primary button--large">
              {t('home.ctaFind')}
            </Link>
            {!user && (
              <Link to="/sign-up" className="button button--secondary button--large">
                {t('home.ctaJoin')}
              </Link>
            )}
          </div>
        </div>
        <aside className="hero__aside" aria-labelledby="first-title">
          <h2 id="first-title">{t('home.firstTitle')}</h2>
          <ul>
            <li>{t('home.first1')}</li>
            <li>{t('home.first2')}</li>
            <li>{t('home.first3')}</li>
          </ul>
        </aside>
      </section>

      <section aria-labelledby="offer-title" className="section">
        <h2 id="offer-title">{t('home.offerTitle')}</h2>
        <ul className="cards">
          {offers.map((o) => (
            <li key={o} className="card">
              <span className="card__icon" aria-hidden="true">
                {offerIcons[o]}
              </span>
              <h3>{t(`home.${o}Title`)}</h3>
              <p>{t(`home.${o}Text`)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="steps-title" className="section">
        <h2 id="steps-title">{t('home.stepsTitle')}</h2>
        <ol className="steps">
          {([1, 2, 3] as const).map((n) => (
            <li key={n} className="step">
              <h3>{t(`home.step${n}Title`)}</h3>
              <p>{t(`home.step${n}Text`)}</p>
              {n === 1 && <Link to="/groups">{t('home.ctaFind')}</Link>}
              {n === 2 && !user && <Link to="/sign-up">{t('home.ctaJoin')}</Link>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="learn-title" className="section">
        <h2 id="learn-title">{t('home.learnTitle')}</h2>
        <ul className="cards cards--two">
          <li className="card card--link">
            <h3>
              <Link to="/health">{t('layout.health')}</Link>
            </h3>
            <p>{t('home.healthText')}</p>
          </li>
          <li className="card card--link">
            <h3>
              <Link to="/science">{t('layout.science')}</Link>
            </h3>
            <p>{t('home.scienceText')}</p>
          </li>
        </ul>
      </section>
    </>
  );
}
