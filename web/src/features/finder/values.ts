/** The finder's filter values (zod-free, so the finder's first load carries no zod). */
import { FINDER_ATTENDANCE } from '../../../../contracts/finder-values.ts';

export {
  AUDIENCES,
  DISTANCE_UNITS,
  FOCUS_AREAS,
  NOW_FILTERS,
  STAGES,
  TIMES_OF_DAY,
} from '../../../../contracts/finder-values.ts';
export const ATTENDANCE = FINDER_ATTENDANCE;
export const RADII = [2, 5, 10, 25, 50, 100] as const;
/** Monday first: how most of our members' calendars start the week. 0 = Sunday. */
export const DAYS = ['1', '2', '3', '4', '5', '6', '0'] as const;
/** The Meeting Guide types people most often look for; names are translated. */
export const COMMON_TYPES = [
  'O',
  'C',
  'BE',
  'D',
  'SP',
  'ST',
  'W',
  'M',
  'LGBTQ',
  'Y',
  'X',
  'ASL',
  'CF',
] as const;
/** Languages offered in the filter; a shared link may name others, which still work. */
export const LANGUAGES = ['en', 'es', 'fr', 'pt', 'de', 'it', 'pl', 'ar', 'zh', 'uk'] as const;

export type FocusArea =
  (typeof import('../../../../contracts/finder-values.ts').FOCUS_AREAS)[number];
export type Attendance = (typeof ATTENDANCE)[number];
export type Units =
  (typeof import('../../../../contracts/finder-values.ts').DISTANCE_UNITS)[number];
