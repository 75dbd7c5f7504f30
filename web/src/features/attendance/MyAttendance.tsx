import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { formatMeetingTime } from '../../lib/format.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

/** The person's own attendance, latest first, a page at a time. Only they see it. */
export default function MyAttendance() {
  const { t } = useTranslation();
  const session = useSession();
  const zone = session.user?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: queryKeys.myAttendance(page),
    queryFn: () => api.myAttendance(page),
  });
  return (
    <div className="stack">
      <PageHeading>{t('attendance.myTitle')}</PageHeading>
      <p>{t('attendance.myIntro')}</p>
      <QueryState query={query} loadingLabel={t('loading.page')}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t('attendance.none')}</p>
          ) : (
            <>
              <ol className="occurrences">
                {data.items.map((item) => (
                  <li key={`${item.meetingSlug}/${item.occurrenceId}`} className="occurrence">
                    <p className="occurrence__when">
                      <time dateTime={item.start}>{formatMeetingTime(item.start, zone)}</time>
                    </p>
                    <p>
                      <Link to={`/meetings/${encodeURIComponent(item.meetingSlug)}`}>
                        {item.meetingName}
                      </Link>
                      <span className="small"> · {item.group.name}</span>
                    </p>
                    <p className="small">
                      <span className="tag">{t(`attendance.source.${item.source}`)}</span>
                      {item.minutesPresent !== null &&
                        ` ${t('attendance.minutes', { count: item.minutesPresent })}`}
                    </p>
                  </li>
                ))}
              </ol>
              {data.pageCount > 1 && (
                <nav className="actions" aria-label={t('attendance.pages')}>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={page <= 1}
                    onClick={() => setPage((p) => p - 1)}
                  >
                    {t('attendance.newer')}
                  </button>
                  <span>{t('attendance.page', { page, pages: data.pageCount })}</span>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={page >= data.pageCount}
                    onClick={() => setPage((p) => p + 1)}
                  >
                    {t('attendance.older')}
                  </button>
                </nav>
              )}
            </>
          )
        }
      </QueryState>
    </div>
  );
}
