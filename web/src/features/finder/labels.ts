import i18n from '../../i18n/index.ts';

type Kind = 'focus' | 'stage' | 'audience' | 'attendance' | 'time' | 'types' | 'format';

/** "gaming_internet" → "Gaming internet": for values the catalogue does not know yet. */
const humanise = (v: string) => {
  const s = v.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** A translated name for a directory value (focus area, stage, Meeting Guide type…). */
export function labelFor(kind: Kind, value: string): string {
  return i18n.t(`taxonomy.${kind}.${value}`, { defaultValue: humanise(value) });
}

// Intl objects are slow to build; names are asked for on every render of the filters.
const names = new Map<string, string>();
const remember = (key: string, make: () => string) => {
  let v = names.get(key);
  if (v === undefined) {
    v = make();
    names.set(key, v);
  }
  return v;
};

/** The weekday's name for a Meeting Guide day number (0 = Sunday), in the page's language. */
export function dayName(day: number | string, width: 'long' | 'short' = 'long'): string {
  return remember(`day:${i18n.language}:${width}:${day}`, () => {
    // 4 January 2026 was a Sunday.
    const d = new Date(Date.UTC(2026, 0, 4 + Number(day)));
    try {
      return new Intl.DateTimeFormat(i18n.language, { weekday: width, timeZone: 'UTC' }).format(d);
    } catch {
      return String(day);
    }
  });
}

/** "Spanish" / "español" for a language code. */
export function languageName(code: string): string {
  return remember(`lang:${i18n.language}:${code}`, () => {
    try {
      const name = new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code);
      if (name) return name.charAt(0).toLocaleUpperCase(i18n.language) + name.slice(1);
    } catch {
      // fall through
    }
    return code;
  });
}

/** "2.4 km" / "1.5 mi". */
export function formatDistance(value: number, units: 'km' | 'mi'): string {
  const n = new Intl.NumberFormat(i18n.language, {
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
  return i18n.t(`finder.distance_${units}`, { value: n });
}

/** The zone's city, readable: "America/New_York" → "New York". */
export function zoneCity(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}
