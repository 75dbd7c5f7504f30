import type { CrisisLine } from '../../../../contracts/settings.ts';
import { countryOfZone } from './zone-country.ts';

/** Lines for everyone, wherever they are (e.g. findahelpline.com). */
export const INTL = 'INTL';

/** The region of a language tag that names one (`en-GB` → GB; `en` → null). */
function regionOf(tag: string): string | null {
  try {
    return new Intl.Locale(tag).region ?? null;
  } catch {
    return null;
  }
}

/**
 * The visitor's country, when it can be known without asking anyone: the signed-in
 * person's time zone, else the first browser language that names a region. Null otherwise.
 */
export function visitorCountry(
  zone: string | null | undefined,
  browserLanguages: readonly string[],
): string | null {
  const fromZone = countryOfZone(zone);
  if (fromZone) return fromZone;
  for (const tag of browserLanguages) {
    const region = regionOf(tag);
    if (region && /^[A-Z]{2}$/.test(region)) return region;
  }
  return null;
}

export interface GroupedLines {
  /** The visitor's country's lines (empty when unknown or none). */
  local: CrisisLine[];
  /** Lines for everyone. */
  anywhere: CrisisLine[];
  /** Every other country's lines, by country, in the order the organisation listed them. */
  others: { country: string; lines: CrisisLine[] }[];
}

export function groupLines(lines: readonly CrisisLine[], country: string | null): GroupedLines {
  const grouped: GroupedLines = { local: [], anywhere: [], others: [] };
  for (const line of lines) {
    if (line.country === INTL) grouped.anywhere.push(line);
    else if (line.country === country) grouped.local.push(line);
    else {
      const group = grouped.others.find((g) => g.country === line.country);
      if (group) group.lines.push(line);
      else grouped.others.push({ country: line.country, lines: [line] });
    }
  }
  return grouped;
}

const dialable = (number: string) => number.replace(/[^\d+]/g, '');

export const telHref = (number: string) => `tel:${dialable(number)}`;

/** An SMS link with the keyword filled in; `?&body=` is read by both iOS and Android. */
export const smsHref = (number: string, keyword?: string) =>
  `sms:${dialable(number)}${keyword ? `?&body=${encodeURIComponent(keyword)}` : ''}`;

/** The country's name in the interface language (the code when the browser has no name). */
export function countryName(country: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}
