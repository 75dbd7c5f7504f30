import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { withSingle } from './finder-url.ts';

/** Search by words; they live in the URL (`q`), so back and forward bring them back. */
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
