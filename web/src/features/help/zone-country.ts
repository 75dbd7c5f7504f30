import { getCountryForTimezone } from 'countries-and-timezones';

/**
 * The country of an IANA time zone (e.g. `Europe/London` → `GB`), for choosing which crisis
 * lines to show first; from the tz database through `countries-and-timezones`. A zone shared
 * by no single country (`Etc/UTC`) answers null, and the page falls back to the browser's
 * language region.
 */
export const countryOfZone = (zone: string | null | undefined): string | null =>
  (zone && getCountryForTimezone(zone)?.id) || null;
