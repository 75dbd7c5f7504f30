import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { FinderResponse, FinderResult } from '../../../../contracts/finder.ts';
import type { PublicSettings } from '../../../../contracts/settings.ts';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../components/forms.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { describeError, describeFieldErrors } from '../../lib/errors.ts';
import { PageHeading } from '../../lib/page.tsx';
import { queryKeys } from '../../lib/query.ts';
import { AttendanceBadge } from './AttendanceBadge.tsx';
import { finderQuery } from './finder-data.ts';
import {
  canonicalSearch,
  countFilters,
  readList,
  toggleValue,
  withList,
  withSingle,
  type ListKey,
} from './finder-url.ts';
import { dayName, formatDistance, labelFor, languageName, zoneCity } from './labels.ts';
import {
  ATTENDANCE,
  AUDIENCES,
  COMMON_TYPES,
  DAYS,
  DISTANCE_UNITS,
  FOCUS_AREAS,
  LANGUAGES,
  NOW_FILTERS,
  RADII,
  STAGES,
  TIMES_OF_DAY,
} from './values.ts';

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

const wideScreen = () =>
  typeof window.matchMedia === 'function' && window.matchMedia('(min-width: 60rem)').matches;

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
            <EmptyResults filtered={countFilters(params) > 0 || !!params.get('q')} />
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

function SearchBox({
  params,
  onSearch,
}: {
  params: URLSearchParams;
  onSearch: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const q = params.get('q') ?? '';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('q') ?? '').trim();
    onSearch(withSingle(params, { q: value || null }));
  };
  return (
    <form
      role="search"
      className="finder__search"
      onSubmit={submit}
      aria-label={t('finder.searchLabel')}
    >
      <label htmlFor="finder-q">{t('finder.searchLabel')}</label>
      <p className="hint" id="finder-q-hint">
        {t('finder.searchHint')}
      </p>
      <div className="finder__search-row">
        {/* Keyed by the URL's words so back/forward puts them back in the box. */}
        <input
          key={q}
          id="finder-q"
          name="q"
          type="search"
          defaultValue={q}
          aria-describedby="finder-q-hint"
          autoComplete="off"
          enterKeyHint="search"
          maxLength={200}
        />
        <button type="submit" className="button button--primary">
          {t('finder.search')}
        </button>
      </div>
    </form>
  );
}

function Filters({
  params,
  data,
  onChange,
}: {
  params: URLSearchParams;
  data: FinderResponse | undefined;
  onChange: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(wideScreen);
  const count = countFilters(params);
  // Less-used filters sit folded away unless a shared link already uses them.
  const moreOpen = (['stage', 'audience', 'language', 'type'] as const).some(
    (k) => readList(params, k).length > 0,
  );
  const facet = (key: 'focus' | 'attendance' | 'day' | 'time') => {
    const list = data?.facets[key];
    if (!list) return undefined;
    return new Map(list.map((f) => [f.value, f.count]));
  };
  return (
    <details
      className="finder__filters"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="button button--ghost">
        {count > 0 ? t('finder.filtersCount', { count }) : t('finder.filters')}
      </summary>
      {/* Built only when open: on a phone the first results come before all these chips. */}
      {open && (
        <div className="finder__filter-body">
          <NowChoice params={params} onChange={onChange} />
          <CheckGroup
            legend={t('finder.attendance')}
            name="attendance"
            values={ATTENDANCE}
            label={(v) => labelFor('attendance', v)}
            counts={facet('attendance')}
            params={params}
            onChange={onChange}
          />
          <CheckGroup
            legend={t('finder.day')}
            name="day"
            values={DAYS}
            label={(v) => dayName(v)}
            counts={facet('day')}
            params={params}
            onChange={onChange}
            compact
          />
          <CheckGroup
            legend={t('finder.time')}
            name="time"
            values={TIMES_OF_DAY}
            label={(v) => labelFor('time', v)}
            hint={(v) => t(`finder.timeHint.${v}`)}
            counts={facet('time')}
            params={params}
            onChange={onChange}
          />
          <Distance params={params} onChange={onChange} />
          <CheckGroup
            legend={t('finder.focus')}
            name="focus"
            values={FOCUS_AREAS}
            label={(v) => labelFor('focus', v)}
            counts={facet('focus')}
            params={params}
            onChange={onChange}
          />
          <details className="finder__more" open={moreOpen || undefined}>
            <summary>{t('finder.moreFilters')}</summary>
            <CheckGroup
              legend={t('finder.stage')}
              name="stage"
              values={STAGES}
              label={(v) => labelFor('stage', v)}
              params={params}
              onChange={onChange}
            />
            <CheckGroup
              legend={t('finder.audience')}
              name="audience"
              values={AUDIENCES}
              label={(v) => labelFor('audience', v)}
              params={params}
              onChange={onChange}
            />
            <CheckGroup
              legend={t('finder.language')}
              name="language"
              values={withExtras(LANGUAGES, readList(params, 'language'))}
              label={languageName}
              params={params}
              onChange={onChange}
              compact
            />
            <CheckGroup
              legend={t('finder.types')}
              name="type"
              values={withExtras(COMMON_TYPES, readList(params, 'type'))}
              label={(v) => labelFor('types', v)}
              params={params}
              onChange={onChange}
            />
          </details>
        </div>
      )}
    </details>
  );
}

/** The offered values plus any a shared link chose that the list does not offer. */
const withExtras = (offered: readonly string[], chosen: string[]) => [
  ...offered,
  ...chosen.filter((c) => !offered.includes(c)),
];

function CheckGroup({
  legend,
  name,
  values,
  label,
  hint,
  counts,
  params,
  onChange,
  compact,
}: {
  legend: string;
  name: ListKey;
  values: readonly string[];
  label: (v: string) => string;
  hint?: (v: string) => string;
  counts?: Map<string, number>;
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const chosen = readList(params, name);
  return (
    <fieldset className="filter-group">
      <legend>{legend}</legend>
      <ul className={compact ? 'chips chips--compact' : 'chips'}>
        {values.map((v) => {
          const id = `flt-${name}-${v}`;
          const n = counts?.get(v);
          return (
            <li key={v}>
              <input
                type="checkbox"
                id={id}
                checked={chosen.includes(v)}
                onChange={() => onChange(toggleValue(params, name, v))}
              />
              <label htmlFor={id}>
                {label(v)}
                {hint && <span className="chip__hint">{hint(v)}</span>}
                {n !== undefined && (
                  <span className="chip__count">
                    <span aria-hidden="true"> {n}</span>
                    <span className="visually-hidden">
                      {' '}
                      ({t('finder.facetCount', { count: n })})
                    </span>
                  </span>
                )}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function NowChoice({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const now = params.get('now') ?? '';
  const options = ['', ...NOW_FILTERS];
  return (
    <fieldset className="filter-group">
      <legend>{t('finder.when')}</legend>
      <ul className="chips">
        {options.map((v) => (
          <li key={v || 'any'}>
            <input
              type="radio"
              name="now"
              id={`flt-now-${v || 'any'}`}
              checked={now === v}
              onChange={() => onChange(withSingle(params, { now: v || null }))}
            />
            <label htmlFor={`flt-now-${v || 'any'}`}>{t(`finder.now.${v || 'any'}`)}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function Distance({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const near = params.get('near');
  const place = params.get('place') ?? '';
  const units = params.get('units') === 'mi' ? 'mi' : 'km';
  const radius = params.get('radius') ?? '';

  const nearMe = () => {
    if (!('geolocation' in navigator)) {
      setMessage(t('finder.locationUnsupported'));
      return;
    }
    setLocating(true);
    setMessage(t('finder.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setMessage(null);
        // Two decimals (about 1 km) are enough to sort by distance and say less about you.
        const lat = pos.coords.latitude.toFixed(2);
        const lng = pos.coords.longitude.toFixed(2);
        onChange(withSingle(params, { near: `${lat},${lng}`, place: null }));
      },
      (err) => {
        setLocating(false);
        setMessage(
          err.code === err.PERMISSION_DENIED
            ? t('finder.locationDenied')
            : t('finder.locationUnavailable'),
        );
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  };

  const submitPlace = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('place') ?? '').trim();
    onChange(withSingle(params, { place: value || null, near: null }));
  };

  return (
    <fieldset className="filter-group">
      <legend>{t('finder.distance')}</legend>
      <div className="stack-s">
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={nearMe}
            disabled={locating}
            aria-pressed={!!near}
          >
            <span aria-hidden="true">◎ </span>
            {t('finder.nearMe')}
          </button>
          {(near || place) && (
            <button
              type="button"
              className="link-button"
              onClick={() =>
                onChange(withSingle(params, { near: null, place: null, radius: null }))
              }
            >
              {t('finder.clearDistance')}
            </button>
          )}
        </div>
        <p className="hint">{t('finder.nearMeHint')}</p>
        <div role="status" className="form-status">
          {message && <p className="notice notice--info">{message}</p>}
        </div>
        <form onSubmit={submitPlace} className="finder__place">
          <label htmlFor="finder-place">{t('finder.place')}</label>
          <div className="finder__search-row">
            <input
              key={place}
              id="finder-place"
              name="place"
              type="text"
              defaultValue={place}
              autoComplete="address-level2"
              maxLength={100}
            />
            <button type="submit" className="button button--ghost">
              {t('finder.placeGo')}
            </button>
          </div>
        </form>
        <div className="finder__radius">
          <div className="field">
            <label htmlFor="finder-radius">{t('finder.radius')}</label>
            <select
              id="finder-radius"
              value={radius}
              onChange={(e) => onChange(withSingle(params, { radius: e.target.value || null }))}
            >
              <option value="">{t('finder.radiusDefault', { value: 25 })}</option>
              {RADII.map((r) => (
                <option key={r} value={String(r)}>
                  {formatDistance(r, units)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="finder-units">{t('finder.units')}</label>
            <select
              id="finder-units"
              value={units}
              onChange={(e) =>
                onChange(
                  withSingle(params, { units: e.target.value === 'km' ? null : e.target.value }),
                )
              }
            >
              {DISTANCE_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`finder.units_${u}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
    </fieldset>
  );
}

/** The filters in force, each with a button to remove it. */
function ActiveFilters({
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

/** List (the default) or map; the choice is in the URL (`view=map`). */
function ViewToggle({ map, onChange }: { map: boolean; onChange: (map: boolean) => void }) {
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

function ResultCard({ result: r }: { result: FinderResult }) {
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

function Pager({
  data,
  params,
  onPage,
}: {
  data: FinderResponse;
  params: URLSearchParams;
  onPage: (n: number) => void;
}) {
  const { t } = useTranslation();
  if (data.pageCount <= 1) return null;
  const href = (n: number) => {
    const next = withSingle(params, { page: n > 1 ? String(n) : null });
    const s = next.toString();
    return s ? `/groups?${s}` : '/groups';
  };
  const link = (n: number, label: string, rel: 'prev' | 'next') => (
    <Link
      to={href(n)}
      rel={rel}
      className="button button--ghost"
      onClick={(e) => {
        e.preventDefault();
        onPage(n);
      }}
    >
      {label}
    </Link>
  );
  return (
    <nav className="pager" aria-label={t('finder.pages')}>
      {data.page > 1 ? link(data.page - 1, t('finder.previous'), 'prev') : <span />}
      <p className="pager__where">
        {t('finder.pageOf', { page: data.page, count: data.pageCount })}
      </p>
      {data.page < data.pageCount ? link(data.page + 1, t('finder.next'), 'next') : <span />}
    </nav>
  );
}

function EmptyResults({ filtered }: { filtered: boolean }) {
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

function FinderError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
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
