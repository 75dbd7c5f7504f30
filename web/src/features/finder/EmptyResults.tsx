import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * No results: a way out (clear the filters, or the questionnaire). With a place, which one
 * was searched ("Springfield, Missouri, US") and how to name another.
 */
export function EmptyResults({ filtered, place }: { filtered: boolean; place?: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="panel stack">
      <p>
        <strong>{filtered ? t('finder.emptyFiltered') : t('finder.emptyAll')}</strong>
      </p>
      {place && <p>{t('finder.emptyNearPlace', { place })}</p>}
      {filtered && <p>{t('finder.emptyTip')}</p>}
      <div className="actions">
        {filtered && <Link to="/groups">{t('finder.clearAll')}</Link>}
        <Link to="/groups/match">{t('finder.matchLink')}</Link>
      </div>
    </div>
  );
}
