import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDER_FORM_ID, withSingle } from './finder-url.ts';

const text = (data: FormData, key: string) => String(data.get(key) ?? '').trim();

/**
 * Search by words; they live in the URL (`q`), so back and forward bring them back. The form
 * is the whole finder's: the filters and the place are its fields too (`form="finder-form"`),
 * so without JavaScript sending it loads /groups with every choice in the address.
 */
export function SearchBox({
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
    // With JavaScript the filters apply as they change: only the words and the place wait.
    const data = new FormData(e.currentTarget);
    const place = text(data, 'place');
    const changes: Parameters<typeof withSingle>[1] = { q: text(data, 'q') || null };
    if (data.has('place') && place !== (params.get('place') ?? '')) {
      Object.assign(changes, { place: place || null, near: null });
    }
    onSearch(withSingle(params, changes));
  };
  const near = params.get('near');
  const view = params.get('view');
  return (
    <form
      id={FINDER_FORM_ID}
      method="get"
      action="/groups"
      role="search"
      className="finder__search"
      onSubmit={submit}
      aria-label={t('finder.searchLabel')}
    >
      {near && <input type="hidden" name="near" value={near} />}
      {view && <input type="hidden" name="view" value={view} />}
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
