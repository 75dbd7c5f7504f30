/**
 * The finder's filter values, without zod, so the web finder's first load can import them
 * without the validation library. contracts/finder.ts re-exports them.
 */
/** Focus areas that are an addiction (the match counts dual diagnosis from these and the next). */
export const ADDICTION_AREAS = [
  'alcohol',
  'opioids',
  'stimulants',
  'cannabis',
  'nicotine',
  'gambling',
  'gaming_internet',
  'eating',
] as const;
/** Focus areas that are a mental-health condition. */
export const MENTAL_HEALTH_AREAS = ['depression', 'anxiety', 'trauma'] as const;
/** What a group works on (the groups contract shares these values). */
export const FOCUS_AREAS = [
  ...ADDICTION_AREAS,
  ...MENTAL_HEALTH_AREAS,
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
export const FINDER_ATTENDANCE = ['in_person', 'online', 'hybrid'] as const;
/** Bands of the local start time: morning 04–12, midday 12–17, evening 17–21, night 21–04. */
export const TIMES_OF_DAY = ['morning', 'midday', 'evening', 'night'] as const;
export const NOW_FILTERS = ['in_progress', 'within_hour'] as const;
export const DISTANCE_UNITS = ['km', 'mi'] as const;
