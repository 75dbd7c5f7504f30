import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** No results: a way out (clear the filters, or the questionnaire). */
export function EmptyResults({ filtered }: { filtered: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="panel stack">
      <p>
        <strong>{filtered ? t('finder.emptyFiltered') : t('finder.emptyAll')}</strong>
      </p>
      {filtered && <p>{t('finder.emptyTip')}</p>}
      <div className="actions">
        {filtered && <Link to="/groups">{t('finder.clearAll')}</Link>}
        <Link to="/groups/match">{t('finder.matchLink')}</Link>
      </div>
    </div>
  );
}
