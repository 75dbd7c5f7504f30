import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { readList, withList, withSingle, type ListKey } from './finder-url.ts';
import { dayName, labelFor, languageName } from './labels.ts';

/** The filters in force, each with a button to remove it. */
export function ActiveFilters({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const chips: { key: string; label: string; next: URLSearchParams }[] = [];
  const q = params.get('q');
  if (q) chips.push({ key: 'q', label: `“${q}”`, next: withSingle(params, { q: null }) });
  const lists: [ListKey, (v: string) => string][] = [
    ['attendance', (v) => labelFor('attendance', v)],
    ['day', (v) => dayName(v)],
    ['time', (v) => labelFor('time', v)],
    ['focus', (v) => labelFor('focus', v)],
    ['stage', (v) => labelFor('stage', v)],
    ['audience', (v) => labelFor('audience', v)],
    ['language', languageName],
    ['type', (v) => labelFor('types', v)],
  ];
  for (const [key, label] of lists) {
    const values = readList(params, key);
    for (const v of values)
      chips.push({
        key: `${key}-${v}`,
        label: label(v),
        next: withList(
          params,
          key,
          values.filter((x) => x !== v),
        ),
      });
  }
  const now = params.get('now');
  if (now)
    chips.push({
      key: 'now',
      label: t(`finder.now.${now}`),
      next: withSingle(params, { now: null }),
    });
  const place = params.get('place');
  if (place)
    chips.push({
      key: 'place',
      label: t('finder.nearPlace', { place }),
      next: withSingle(params, { place: null, radius: null }),
    });
  if (params.get('near'))
    chips.push({
      key: 'near',
      label: t('finder.nearYou'),
      next: withSingle(params, { near: null, radius: null }),
    });
  if (chips.length === 0) return null;
  return (
    <div className="active-filters">
      <ul aria-label={t('finder.activeFilters')}>
        {chips.map((c) => (
          <li key={c.key}>
            <button type="button" className="active-filter" onClick={() => onChange(c.next)}>
              {c.label}
              <span aria-hidden="true"> ×</span>
              <span className="visually-hidden"> ({t('finder.removeFilter')})</span>
            </button>
          </li>
        ))}
      </ul>
      {chips.length > 1 && (
        <Link to="/groups" className="small">
          {t('finder.clearAll')}
        </Link>
      )}
    </div>
  );
}
