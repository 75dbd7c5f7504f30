import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

let focusRequested = false;

/** Called by the layout when the path changes: the next page heading takes focus. */
export function requestHeadingFocus(): void {
  focusRequested = true;
}

/** Sets `document.title` to "<title> · Iconocast". */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  const app = t('common.appName');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}

/**
 * The page's h1. Takes focus after a client-side navigation, so screen-reader and keyboard
 * users start at the new page's top; also sets the document title.
 */
export function PageHeading({
  children,
  title,
  className,
}: {
  children: ReactNode;
  /** The document title; defaults to the heading text when it is a string. */
  title?: string;
  className?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title ?? (typeof children === 'string' ? children : ''));
  useEffect(() => {
    if (focusRequested && ref.current) {
      focusRequested = false;
      ref.current.focus();
    }
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
