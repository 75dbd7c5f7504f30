import type { UseInfiniteQueryResult, UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';
import { apiErrorMessage } from '../lib/form.ts';
import { PageHeading } from '../lib/page.tsx';
import NotFound from '../pages/NotFound.tsx';
import { Loading } from './forms.tsx';

/** A failed load: what went wrong, in words, and a button to ask again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="stack" role="alert">
      <p className="notice notice--error">{apiErrorMessage(error, t)}</p>
      <p>
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      </p>
    </div>
  );
}

/**
 * The outcome of a button's request (a mutation): its success message in a polite live
 * region (always rendered, so it is announced) and its failure, in words, as an alert.
 */
export function ActionOutcome({ status, error }: { status: string | null; error: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <div role="status">{status && <p className="notice notice--success">{status}</p>}</div>
      {error != null && (
        <p className="notice notice--error" role="alert">
          {apiErrorMessage(error, t)}
        </p>
      )}
    </>
  );
}

/**
 * The one way a page shows a query: a spinner while the first answer is on its way, the
 * error with "Try again" when it fails, the not-found page for a 404 when asked to, and
 * `children` with the data otherwise. `renderError` may take over an error it knows
 * (return undefined to fall back to the generic one). A whole page passes `heading`, so a
 * failed load still has the page's h1 above the error.
 */
export function QueryState<T>({
  query,
  children,
  loadingLabel,
  notFound,
  renderError,
  heading,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  loadingLabel?: string;
  /** Show the not-found page for a 404 (private things answer 404 to those who may not see them). */
  notFound?: boolean;
  renderError?: (error: unknown) => ReactNode | undefined;
  /** The page's h1 when the load fails (for a query that is the whole page). */
  heading?: string;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) {
    const custom = renderError?.(query.error);
    if (custom !== undefined) return <>{custom}</>;
    if (notFound && query.error instanceof ApiError && query.error.status === 404)
      return <NotFound />;
    const failed = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
    if (heading === undefined) return failed;
    return (
      <div className="narrow stack">
        <PageHeading>{heading}</PageHeading>
        {failed}
      </div>
    );
  }
  return <Loading label={loadingLabel} />;
}

/** The button under a paged list that loads its next page; nothing when there is none. */
export function ShowMore({
  query,
  label,
}: {
  query: Pick<UseInfiniteQueryResult, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;
  label: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className="actions">
      <button
        type="button"
        className="button button--secondary"
        disabled={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
      >
        {label}
      </button>
    </div>
  );
}
