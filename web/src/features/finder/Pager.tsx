import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FinderResponse } from '../../../../contracts/finder.ts';
import { withSingle } from './finder-url.ts';

/** Previous and next pages, as real links (the page number is in the URL). */
export function Pager({
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
