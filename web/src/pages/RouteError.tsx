import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { CrisisHelp } from '../features/help/CrisisHelp.tsx';
import { useDocumentTitle } from '../lib/page.tsx';

/** Last resort when a page fails to render (for example, a chunk could not load). */
export default function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useDocumentTitle(notFound ? t('notFound.title') : t('errors.generic'));
  return (
    <main id="main" className="narrow stack route-error">
      <h1>{notFound ? t('notFound.title') : t('errors.generic')}</h1>
      <p>
        <a href="/">{t('common.backHome')}</a>
      </p>
      <section className="stack" aria-labelledby="route-error-crisis">
        <h2 id="route-error-crisis">{t('layout.crisisTitle')}</h2>
        <CrisisHelp />
      </section>
    </main>
  );
}
