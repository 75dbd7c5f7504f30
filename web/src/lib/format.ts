import i18n from '../i18n/index.ts';

/** A date and time in the person's language and time zone. */
export function formatDateTime(
  iso: string,
  timeZone?: string,
  style: { dateStyle: 'medium' | 'full' } = { dateStyle: 'medium' },
): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(i18n.language, {
      dateStyle: style.dateStyle,
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(d);
  } catch {
    return d.toLocaleString();
  }
}

export function formatDate(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(i18n.language, {
      dateStyle: 'medium',
      ...(timeZone ? { timeZone } : {}),
    }).format(d);
  } catch {
    return d.toLocaleDateString();
  }
}

/**
 * When a meeting starts, as the person reads it in their language, in `timeZone`:
 * "Tue, Jan 6, 7:00 PM PST" in English, "mar, 6 ene, 19:00 GMT-8" in Spanish.
 */
export function formatMeetingTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(i18n.language, { ...options, timeZone }).format(d);
  } catch {
    // An unknown zone: the person's own zone, still in their language.
    return new Intl.DateTimeFormat(i18n.language, options).format(d);
  }
}

/** "Firefox on Android" from a user-agent string; rough on purpose. */
export function describeDevice(ua: string | null): { browser: string; os: string } | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  if (!browser && !os) return null;
  return { browser: browser ?? '?', os: os ?? '?' };
}

/** "account.password_changed" → a translated phrase, or "Account: password changed". */
export function humaniseAction(action: string): string {
  const fallback = action
    .split('.')
    .map((part) => part.replace(/_/g, ' '))
    .join(': ');
  return i18n.t(`audit.actions.${action}`, {
    defaultValue: fallback.charAt(0).toUpperCase() + fallback.slice(1),
  });
}
