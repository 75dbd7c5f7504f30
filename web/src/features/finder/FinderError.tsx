import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { describeError, describeFieldErrors } from '../../lib/errors.ts';

/** A failed search: a bad shared link names its bad filters; anything else can be retried. */
export function FinderError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 400) {
    const problems = Object.entries(describeFieldErrors(error, t));
    return (
      <div className="notice notice--error stack">
        <p>
          <strong>{t('finder.badLink')}</strong>
        </p>
        {problems.length > 0 && (
          <ul>
            {problems.map(([field, message]) => (
              <li key={field}>
                <code>{field}</code>: {message}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/groups">{t('finder.clearAll')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="notice notice--error stack">
      <p>{describeError(error, t)}</p>
      <button type="button" className="button button--secondary" onClick={onRetry}>
        {t('common.tryAgain')}
      </button>
    </div>
  );
}
