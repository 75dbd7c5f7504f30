/**
 * The finder's filter values, copied from contracts/finder.ts so the finder's first load
 * carries no zod. The `Exactly` checks below fail to compile if the contract changes.
 */
import type {
  AUDIENCES as ContractAudiences,
  DISTANCE_UNITS as ContractUnits,
  FINDER_ATTENDANCE as ContractAttendance,
  FOCUS_AREAS as ContractFocus,
  NOW_FILTERS as ContractNow,
  STAGES as ContractStages,
  TIMES_OF_DAY as ContractTimes,
} from '../../../../contracts/finder.ts';

export const FOCUS_AREAS = [
  'alcohol',
  'opioids',
  'stimulants',
  'cannabis',
  'nicotine',
  'gambling',
  'gaming_internet',
  'eating',
  'depression',
  'anxiety',
  'trauma',
  'dual_diagnosis',
  'family_friends',
  'other',
] as const;
export const STAGES = ['newcomer', 'early_recovery', 'ongoing', 'long_term'] as const;
export const AUDIENCES = [
  'everyone',
  'women',
  'men',
  'lgbtq',
  'young_people',
  'seniors',
  'veterans',
  'parents',
  'professionals',
  'people_of_colour',
] as const;
export const ATTENDANCE = ['in_person', 'online', 'hybrid'] as const;
export const TIMES_OF_DAY = ['morning', 'midday', 'evening', 'night'] as const;
export const NOW_FILTERS = ['in_progress', 'within_hour'] as const;
export const DISTANCE_UNITS = ['km', 'mi'] as const;
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

type Exactly<A extends readonly string[], B extends readonly string[]> = A[number] extends B[number]
  ? B[number] extends A[number]
    ? true
    : false
  : false;
const matches: [
  Exactly<typeof FOCUS_AREAS, typeof ContractFocus>,
  Exactly<typeof STAGES, typeof ContractStages>,
  Exactly<typeof AUDIENCES, typeof ContractAudiences>,
  Exactly<typeof ATTENDANCE, typeof ContractAttendance>,
  Exactly<typeof TIMES_OF_DAY, typeof ContractTimes>,
  Exactly<typeof NOW_FILTERS, typeof ContractNow>,
  Exactly<typeof DISTANCE_UNITS, typeof ContractUnits>,
] = [true, true, true, true, true, true, true];
void matches;

export type FocusArea = (typeof FOCUS_AREAS)[number];
export type Attendance = (typeof ATTENDANCE)[number];
export type Units = (typeof DISTANCE_UNITS)[number];
