import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { PublicSettings } from '../../../../contracts/settings.ts';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { api } from '../../lib/api.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { ActiveFilters } from './ActiveFilters.tsx';
import { EmptyResults } from './EmptyResults.tsx';
import { finderQuery, tookOver } from './finder-data.ts';
import { FinderError } from './FinderError.tsx';
import {
  canonicalSearch,
  countFilters,
  subscribeViewerZone,
  viewerZone,
  withSingle,
} from './finder-url.ts';
import { Filters } from './Filters.tsx';
import { Pager } from './Pager.tsx';
import { ResultCard } from './ResultCard.tsx';
import { SearchBox } from './SearchBox.tsx';
import { ViewToggle } from './ViewToggle.tsx';

// Leaflet and its stylesheet load only when someone opens the map.
const FinderMap = lazy(() => import('./FinderMap.tsx'));

type MapConfig = NonNullable<PublicSettings['map']>;

/** The organisation's map settings (null: no tile server, so no map is offered). */
function useMapConfig(): MapConfig | null {
  const query = useQuery({
    queryKey: queryKeys.publicSettings(),
    queryFn: api.publicSettings,
    staleTime: Infinity,
    retry: false,
  });
  return query.data?.map ?? null;
}

/** The public finder: search, filters in the URL, server-paged results. */
export default function Finder() {
  const { t } = useTranslation();
  const [urlParams, setParams] = useSearchParams();
  const isAdmin = useSession().user?.role === 'admin';
  // The filters show a choice at once; the URL (and the results) follow a moment later.
  const [optimistic, setOptimistic] = useState<URLSearchParams | null>(null);
  const urlKey = urlParams.toString();
  useEffect(() => setOptimistic(null), [urlKey]);
  const params = optimistic ?? urlParams;
  const search = canonicalSearch(urlParams).toString();
  // The answer is for a zone: the server page's until the app has taken it over, then the
  // browser's (when they differ, the new answer replaces the old like any other change).
  useSyncExternalStore(subscribeViewerZone, viewerZone, viewerZone);
  useEffect(tookOver, []);
  // While the next answer is on its way the last one stays on screen, marked as stale.
  const query = useQuery({
    ...finderQuery(search ? `?${search}` : ''),
    placeholderData: keepPreviousData,
  });
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);
  const mapConfig = useMapConfig();
  const showMap = mapConfig !== null && urlParams.get('view') === 'map';
  const data = query.data;
  const pending = query.isPending || query.isPlaceholderData;

  useEffect(() => {
    if (!pending && focusResults.current) {
      focusResults.current = false;
      resultsHeading.current?.focus();
    }
  }, [pending]);

  const go = (next: URLSearchParams, opts: { toResults?: boolean } = {}) => {
    if (opts.toResults) focusResults.current = true;
    setOptimistic(next);
    setParams(next, { preventScrollReset: true });
  };

  return (
    <div className="finder">
      <div className="finder__intro">
        <PageHeading title={t('finder.title')}>{t('finder.title')}</PageHeading>
        <p className="lead">{t('finder.intro')}</p>
        <p className="actions">
          <Link to="/groups/match" className="button button--secondary">
            {t('finder.matchLink')}
          </Link>
          {isAdmin && (
            <Link to="/groups/new" className="button button--ghost">
              {t('editor.newGroup')}
            </Link>
          )}
        </p>
      </div>
      <SearchBox params={params} onSearch={go} />
      <div className="finder__layout">
        <Filters params={params} data={data} onChange={go} />
        <section className="finder__results" aria-labelledby="results-title" aria-busy={pending}>
          <div className="finder__results-head">
            <h2 id="results-title" ref={resultsHeading} tabIndex={-1}>
              {t('finder.resultsTitle')}
            </h2>
            <p role="status" className="finder__count">
              {pending
                ? t('finder.searching')
                : data
                  ? t('finder.count', { count: data.total })
                  : ''}
            </p>
          </div>
          {mapConfig && (
            <ViewToggle
              map={showMap}
              onChange={(toMap) => {
                const next = new URLSearchParams(urlParams);
                if (toMap) next.set('view', 'map');
                else next.delete('view');
                setParams(next, { preventScrollReset: true });
              }}
            />
          )}
          <ActiveFilters params={params} onChange={go} />
          {query.isError ? (
            <FinderError error={query.error} onRetry={() => void query.refetch()} />
          ) : !data ? (
            <Loading label={t('finder.searching')} />
          ) : data.results.length === 0 ? (
            <EmptyResults
              filtered={countFilters(params) > 0 || !!params.get('q')}
              place={data.near?.label}
            />
          ) : (
            <>
              {data.near && (
                <p className="small">
                  {data.near.label
                    ? t('finder.sortedFromPlace', { place: data.near.label })
                    : t('finder.sortedFromYou')}
                </p>
              )}
              {showMap && mapConfig ? (
                <Suspense fallback={<Loading label={t('finder.mapView.loading')} />}>
                  <FinderMap results={data.results} map={mapConfig} />
                </Suspense>
              ) : (
                <ol className={pending ? 'results is-stale' : 'results'}>
                  {data.results.map((r) => (
                    <ResultCard key={r.slug} result={r} />
                  ))}
                </ol>
              )}
              <Pager
                data={data}
                params={params}
                onPage={(n) =>
                  go(withSingle(params, { page: n > 1 ? String(n) : null }), { toResults: true })
                }
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
