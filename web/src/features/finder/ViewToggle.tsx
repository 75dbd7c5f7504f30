import { useTranslation } from 'react-i18next';

/** List (the default) or map; the choice is in the URL (`view=map`). */
export function ViewToggle({ map, onChange }: { map: boolean; onChange: (map: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <div className="actions" role="group" aria-label={t('finder.mapView.view')}>
      <button
        type="button"
        className={map ? 'button button--ghost' : 'button button--secondary'}
        aria-pressed={!map}
        onClick={() => onChange(false)}
      >
        {t('finder.mapView.list')}
      </button>
      <button
        type="button"
        className={map ? 'button button--secondary' : 'button button--ghost'}
        aria-pressed={map}
        onClick={() => onChange(true)}
      >
        {t('finder.mapView.map')}
      </button>
    </div>
  );
}
