import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

let focusRequested = false;

/** Called by the layout when the path changes: the next page heading takes focus. */
export function requestHeadingFocus(): void {
  focusRequested = true;
}

// The organisation's name for the tab title: set by the layout once it is known (pages
// rendered alone, in tests or before it loads, show the product name).
let organisationName: string | null = null;
const nameListeners = new Set<() => void>();

/** Called by the layout with the organisation's name (null: not known). */
export function setOrganisationName(name: string | null): void {
  if (name === organisationName) return;
  organisationName = name;
  for (const listener of nameListeners) listener();
}

const subscribeToName = (listener: () => void) => {
  nameListeners.add(listener);
  return () => nameListeners.delete(listener);
};

/** Sets `document.title` to "<title> · <the organisation's name>" (Iconocast until set). */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  // On the server (the finder page is rendered there) the name is not known yet: the title
  // is only set in an effect, so nothing drawn differs when the app takes over.
  const name = useSyncExternalStore(
    subscribeToName,
    () => organisationName,
    () => null,
  );
  const app = name || t('common.appName');
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
