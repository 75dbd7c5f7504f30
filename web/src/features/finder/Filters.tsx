import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { FinderResponse } from '../../../../contracts/finder.ts';
import { Distance } from './Distance.tsx';
import {
  countFilters,
  FINDER_FORM_ID,
  readList,
  toggleValue,
  withSingle,
  type ListKey,
} from './finder-url.ts';
import { dayName, labelFor, languageName } from './labels.ts';
import {
  ATTENDANCE,
  AUDIENCES,
  COMMON_TYPES,
  DAYS,
  FOCUS_AREAS,
  LANGUAGES,
  NOW_FILTERS,
  STAGES,
  TIMES_OF_DAY,
} from './values.ts';

const WIDE = '(min-width: 60rem)';
const wideScreen = () => typeof window.matchMedia === 'function' && window.matchMedia(WIDE).matches;
const onWidthChange = (listener: () => void) => {
  if (typeof window.matchMedia !== 'function') return () => {};
  const media = window.matchMedia(WIDE);
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
};

/** The filter panel: open on a wide screen, folded on a phone; counts from the last answer. */
export function Filters({
  params,
  data,
  onChange,
}: {
  params: URLSearchParams;
  data: FinderResponse | undefined;
  onChange: (next: URLSearchParams) => void;
}) {
  const { t } = useTranslation();
  // Open on a wide screen unless folded by hand. The server cannot know the width: its page
  // (and the app while taking that page over) starts folded, then opens on a wide screen.
  const wide = useSyncExternalStore(onWidthChange, wideScreen, () => false);
  const [byHand, setOpen] = useState<boolean | null>(null);
  const open = byHand ?? wide;
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
      onToggle={(e) => {
        const isOpen = e.currentTarget.open;
        if (isOpen !== open) setOpen(isOpen);
      }}
    >
      <summary className="button button--ghost">
        {count > 0 ? t('finder.filtersCount', { count }) : t('finder.filters')}
      </summary>
      {/* Always in the page, folded or not: without JavaScript they are the search form's
          fields (`form="finder-form"`), sent with it to /groups. */}
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
        <NoScriptApply />
      </div>
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
                name={name}
                value={v}
                form={FINDER_FORM_ID}
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
              value={v}
              form={FINDER_FORM_ID}
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

/**
 * Without JavaScript a filter changes nothing until the form is sent: this button sends it.
 * With JavaScript every choice applies at once, so the button goes once the app is running.
 */
function NoScriptApply() {
  const { t } = useTranslation();
  const running = useSyncExternalStore(unchanging, isRunning, () => false);
  if (running) return null;
  return (
    <p className="actions">
      <button type="submit" form={FINDER_FORM_ID} className="button button--primary">
        {t('finder.applyFilters')}
      </button>
    </p>
  );
}

const unchanging = () => () => {};
const isRunning = () => true;
