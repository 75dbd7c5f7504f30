import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { AuditList } from '../../components/AuditList.tsx';
import { QueryState, ShowMore } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';

export default function Activity() {
  const { t } = useTranslation();
  const { user } = useSession();
  const query = useInfiniteQuery({
    queryKey: queryKeys.myAudit(),
    queryFn: ({ pageParam }) => api.myAudit(pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  return (
    <>
      <PageHeading title={`${t('settings.activity')} · ${t('settings.title')}`}>
        {t('settings.activity')}
      </PageHeading>
      <p>{t('settings.activityIntro')}</p>
      <QueryState query={query}>
        {(data) => {
          const events = data.pages.flatMap((p) => p.events);
          return events.length === 0 ? (
            <p>{t('settings.activityEmpty')}</p>
          ) : (
            <AuditList events={events} timeZone={user?.timezone} />
          );
        }}
      </QueryState>
      <ShowMore query={query} label={t('common.showMore')} />
    </>
  );
}
