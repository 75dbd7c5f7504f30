/**
 * The one list of weekdays, shared by the server and the web client. No zod here, so a page
 * that only names days loads no schema library.
 */

/** RFC 5545 weekday codes; the index is the Meeting Guide day number (0 = Sunday). */
export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Monday first: ISO 8601 order (index = ISO day number − 1), RRULE's default week start and
 * how most calendars in our members' countries start the week.
 */
export const WEEK_ORDER: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
