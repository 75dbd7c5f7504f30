/**
 * The country of an IANA time zone, for choosing which crisis lines to show first. A short
 * table of zones used by one country only (from the tz database's zone1970.tab); a zone not
 * listed answers null and the page falls back to the browser's language region.
 * TODO: replace with the `countries-and-timezones` package (complete, maintained) when the
 * project adds it as a dependency.
 */
const ZONES: Record<string, readonly string[]> = {
  US: [
    'America/New_York',
    'America/Detroit',
    'America/Chicago',
    'America/Denver',
    'America/Phoenix',
    'America/Boise',
    'America/Los_Angeles',
    'America/Anchorage',
    'America/Juneau',
    'America/Adak',
    'America/Indiana/Indianapolis',
    'America/Kentucky/Louisville',
    'Pacific/Honolulu',
    'US/Eastern',
    'US/Central',
    'US/Mountain',
    'US/Pacific',
    'US/Alaska',
    'US/Hawaii',
  ],
  PR: ['America/Puerto_Rico'],
  CA: [
    'America/Toronto',
    'America/Vancouver',
    'America/Edmonton',
    'America/Winnipeg',
    'America/Halifax',
    'America/St_Johns',
    'America/Regina',
    'America/Moncton',
  ],
  MX: ['America/Mexico_City', 'America/Tijuana', 'America/Monterrey', 'America/Cancun'],
  GB: ['Europe/London', 'GB'],
  IE: ['Europe/Dublin', 'Eire'],
  ES: ['Europe/Madrid', 'Atlantic/Canary'],
  PT: ['Europe/Lisbon', 'Atlantic/Azores'],
  FR: ['Europe/Paris'],
  DE: ['Europe/Berlin'],
  IT: ['Europe/Rome'],
  NL: ['Europe/Amsterdam'],
  BE: ['Europe/Brussels'],
  AU: [
    'Australia/Sydney',
    'Australia/Melbourne',
    'Australia/Brisbane',
    'Australia/Perth',
    'Australia/Adelaide',
    'Australia/Hobart',
    'Australia/Darwin',
  ],
  NZ: ['Pacific/Auckland', 'NZ'],
  AR: ['America/Argentina/Buenos_Aires', 'America/Buenos_Aires'],
  CL: ['America/Santiago'],
  CO: ['America/Bogota'],
  PE: ['America/Lima'],
  VE: ['America/Caracas'],
  IN: ['Asia/Kolkata', 'Asia/Calcutta'],
  ZA: ['Africa/Johannesburg'],
};

const BY_ZONE = new Map(
  Object.entries(ZONES).flatMap(([country, zones]) => zones.map((z) => [z, country] as const)),
);

export const countryOfZone = (zone: string | null | undefined): string | null =>
  (zone && BY_ZONE.get(zone)) || null;
