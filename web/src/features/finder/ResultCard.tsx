import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FinderResult } from '../../../../contracts/finder.ts';
import { AttendanceBadge } from './AttendanceBadge.tsx';
import { formatDistance, languageName, zoneCity } from './labels.ts';

/** One meeting in the results: its next time, how to attend, how far, its languages. */
export function ResultCard({ result: r }: { result: FinderResult }) {
  const { t } = useTranslation();
  const where = [r.location.city, r.location.region].filter(Boolean).join(', ');
  return (
    <li className="result">
      <h3 className="result__title">
        <Link to={`/meetings/${encodeURIComponent(r.slug)}`}>{r.name}</Link>
      </h3>
      <p className="result__group">
        {r.group.name}
        {!r.group.isOpen && <span className="tag">{t('finder.closedGroup')}</span>}
      </p>
      <p className="result__when">
        {r.next.isInProgress && <span className="tag tag--live">{t('finder.inProgress')}</span>}
        <time dateTime={r.next.start}>{r.next.viewer}</time>
        {r.next.meeting && (
          <span className="result__zone">
            {t('finder.theirTime', { time: r.next.meeting, zone: zoneCity(r.next.timezone) })}
          </span>
        )}
      </p>
      <ul className="result__facts">
        <li>
          <AttendanceBadge value={r.attendance} />
        </li>
        {r.distance && (
          <li className="result__distance">{formatDistance(r.distance.value, r.distance.units)}</li>
        )}
        {where && <li>{where}</li>}
        {r.group.languages.length > 0 &&
          !(r.group.languages.length === 1 && r.group.languages[0] === 'en') && (
            <li>{r.group.languages.map(languageName).join(', ')}</li>
          )}
      </ul>
    </li>
  );
}
