/**
 * The public meeting finder: `GET /api/finder`. Every filter lives in the query string so a
 * search can be shared as a link. Repeatable filters accept `day=1&day=3` or `day=1,3`;
 * values within one filter are alternatives (OR), different filters all apply (AND).
 */
import { z } from 'zod';
import { Locale, TimeZone } from './common.ts';

import {
  AUDIENCES,
  DISTANCE_UNITS,
  FINDER_ATTENDANCE,
  FOCUS_AREAS,
  NOW_FILTERS,
  STAGES,
  TIMES_OF_DAY,
} from './finder-values.ts';

export * from './finder-values.ts';
export const FINDER_MAX_PAGE_SIZE = 50;
export const FINDER_DEFAULT_PAGE_SIZE = 20;
export const FINDER_DEFAULT_RADIUS = 25;

export type FinderAttendance = (typeof FINDER_ATTENDANCE)[number];
export type TimeOfDayBand = (typeof TIMES_OF_DAY)[number];
export type NowFilter = (typeof NOW_FILTERS)[number];
export type DistanceUnits = (typeof DISTANCE_UNITS)[number];

/** One value or several (repeated key or comma-separated) → a list without blanks or repeats. */
function toList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value : [value];
  const items: unknown[] = [];
  for (const v of raw) {
    const parts = typeof v === 'string' ? v.split(',') : [v];
    for (const p of parts) {
      const item = typeof p === 'string' ? p.trim() : p;
      if (item !== '' && !items.includes(item)) items.push(item);
    }
  }
  return items;
}

/**
 * A repeatable filter whose values must each pass `check`; a bad value is reported on the
 * field itself (`querystring.day`), naming the value.
 */
function listOf<T extends string>(
  describe: string,
  check: (value: string) => boolean,
  allowed?: readonly string[],
) {
  return z
    .preprocess(
      toList,
      z
        .array(z.string().max(64, 'is too long'))
        .max(20, 'lists too many values')
        .superRefine((values, ctx) => {
          const bad = values.find((v) => !check(v));
          if (bad !== undefined) {
            ctx.addIssue({
              code: 'custom',
              message: allowed
                ? `"${bad}" is not one of ${allowed.join(', ')}`
                : `"${bad}" is not ${describe}`,
            });
          }
        }),
    )
    .transform((values) => values as T[])
    .optional()
    .meta({ description: allowed ? `${describe}: ${allowed.join(', ')}` : describe });
}

function enumList<const V extends readonly string[]>(describe: string, values: V) {
  return listOf<V[number]>(describe, (v) => values.includes(v), values);
}

const SLUG_VALUE = /^[a-z][a-z0-9_]{0,39}$/;
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
const TYPE_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,11}$/;

const positiveInt = (max: number, what: string) =>
  z.coerce
    .number({ error: `must be a whole number` })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .meta({ description: what });

/** `lat,lng` in decimal degrees. */
const LatLng = z
  .string()
  .trim()
  .regex(
    /^-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?$/,
    'must be "latitude,longitude" in decimal degrees',
  )
  .transform((s) => s.split(',').map((n) => Number(n.trim())) as [number, number])
  .refine(
    ([lat, lng]) => Math.abs(lat) <= 90 && Math.abs(lng) <= 180,
    'latitude must be within ±90 and longitude within ±180',
  );

export const FinderQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .optional()
    .meta({
      description:
        'Words to search in meeting and group names, descriptions, places, and the names of ' +
        'focus areas, languages, types and ways to attend in English or Spanish; every word ' +
        'must match (typos OK)',
    }),
  focus: listOf('a focus area', (v) => SLUG_VALUE.test(v), FOCUS_AREAS),
  stage: listOf('a stage', (v) => SLUG_VALUE.test(v), STAGES),
  audience: listOf('an audience', (v) => SLUG_VALUE.test(v), AUDIENCES),
  language: listOf('a language code such as en or es', (v) => LANGUAGE.test(v)),
  day: listOf<'0' | '1' | '2' | '3' | '4' | '5' | '6'>(
    'a weekday number 0–6 (0 = Sunday), in the viewer’s zone',
    (v) => /^[0-6]$/.test(v),
  ),
  time: enumList('a time of day, in the viewer’s zone', TIMES_OF_DAY),
  attendance: enumList('a way to attend', FINDER_ATTENDANCE),
  type: listOf('a Meeting Guide type code such as O, C, W or ONL', (v) => TYPE_CODE.test(v)),
  near: LatLng.optional().meta({ description: 'Centre of a distance search: "lat,lng"' }),
  place: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(100)
    .optional()
    .meta({
      description:
        'A town or city, optionally with its state or country ("Springfield, IL", "Bristol, GB"), ' +
        'or a place where meetings are held (instead of near). Without a qualifier the most ' +
        'populous town of that name is used; `near.label` in the answer names it',
    }),
  radius: z.coerce
    .number({ error: 'must be a number' })
    .positive('must be more than 0')
    .max(500, 'must be at most 500')
    .optional()
    .meta({ description: `Distance limit in units (default ${FINDER_DEFAULT_RADIUS})` }),
  units: z.enum(DISTANCE_UNITS, { error: 'must be km or mi' }).optional(),
  now: z
    .enum(NOW_FILTERS, { error: 'must be in_progress or within_hour' })
    .optional()
    .meta({ description: 'Only meetings happening now, or starting within the hour' }),
  tz: TimeZone.optional().meta({
    description: "The viewer's IANA zone (default: the signed-in person's, else UTC)",
  }),
  locale: Locale.optional().meta({ description: 'Language of the formatted times' }),
  page: positiveInt(10_000, 'Page number, from 1').optional(),
  pageSize: positiveInt(
    FINDER_MAX_PAGE_SIZE,
    `Results per page (default ${FINDER_DEFAULT_PAGE_SIZE})`,
  ).optional(),
});
export type FinderQuery = z.output<typeof FinderQuery>;
export type FinderQueryInput = z.input<typeof FinderQuery>;

export const FinderResult = z.object({
  slug: z.string(),
  name: z.string(),
  group: z.object({
    slug: z.string(),
    name: z.string(),
    /** Closed groups are for members; visitors ask to join. */
    isOpen: z.boolean(),
    focusAreas: z.array(z.string()),
    stage: z.string(),
    audience: z.string(),
    languages: z.array(z.string()),
  }),
  attendance: z.enum(FINDER_ATTENDANCE),
  types: z.array(z.string()),
  /** The occurrence in progress, or else the next one (cancelled ones are skipped). */
  next: z.object({
    start: z.string(),
    end: z.string(),
    isInProgress: z.boolean(),
    /** Formatted in the viewer's zone. */
    viewer: z.string(),
    /** Formatted in the meeting's own zone, when it differs from the viewer's. */
    meeting: z.string().nullable(),
    timezone: z.string(),
  }),
  /** Only with `near` or `place`. */
  distance: z.object({ value: z.number(), units: z.enum(DISTANCE_UNITS) }).nullable(),
  /**
   * For a closed group only the area its facilitators chose to show (as `city`): no place
   * name, address, region or coordinates.
   */
  location: z.object({
    name: z.string().nullable(),
    address: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    approximate: z.boolean(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
  }),
});
export type FinderResult = z.infer<typeof FinderResult>;

const FacetCount = z.object({ value: z.string(), count: z.number().int() });

export const FinderResponse = z.object({
  results: z.array(FinderResult),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
  sort: z.enum(['relevance', 'distance', 'next']),
  /** The zone times and the day/time filters are in. */
  timezone: z.string(),
  /** Where distances are measured from (a resolved `place` names its label). */
  near: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      label: z.string().nullable(),
      radius: z.number(),
      units: z.enum(DISTANCE_UNITS),
    })
    .nullable(),
  /**
   * Matches per value of each filter, counted with every OTHER filter applied, so the counts
   * say what choosing a value (too) would give.
   */
  facets: z.object({
    focus: z.array(FacetCount),
    attendance: z.array(FacetCount),
    day: z.array(FacetCount),
    time: z.array(FacetCount),
  }),
  generatedAt: z.string(),
});
export type FinderResponse = z.infer<typeof FinderResponse>;
