import type { AUDIENCES, FOCUS_AREAS, STAGES } from '../../../contracts/finder.ts';
import type { Recurrence, Weekday } from '../../../contracts/meetings.ts';
// Iconocast's own demo content: invented people, groups and meetings, written for
// this project. Every email uses the reserved .invalid domain, every link a .invalid
// host, and every address is fictional (coordinates are the town's centre).

export const DEMO_PASSWORD = 'demo-recovery-2026';
export const DEMO_DOMAIN = 'demo.iconocast.invalid';

export interface DemoPerson {
  /** Local part of the email address. */
  key: string;
  displayName: string;
  role: 'member' | 'facilitator' | 'admin';
  timezone: string;
  locale: 'en' | 'es';
  pronouns?: string;
}

export const demoPeople: DemoPerson[] = [
  { key: 'admin', displayName: 'Robin A.', role: 'admin', timezone: 'Europe/London', locale: 'en' },
  {
    key: 'maya.r',
    displayName: 'Maya R.',
    role: 'facilitator',
    timezone: 'Europe/London',
    locale: 'en',
    pronouns: 'she/her',
  },
  {
    key: 'lucia.f',
    displayName: 'Lucía F.',
    role: 'facilitator',
    timezone: 'America/New_York',
    locale: 'es',
    pronouns: 'ella',
  },
  { key: 'tom.b', displayName: 'Tom B.', role: 'member', timezone: 'Europe/London', locale: 'en' },
  {
    key: 'aisha.k',
    displayName: 'Aisha K.',
    role: 'member',
    timezone: 'Europe/London',
    locale: 'en',
    pronouns: 'she/her',
  },
  {
    key: 'jordan.p',
    displayName: 'Jordan P.',
    role: 'member',
    timezone: 'America/New_York',
    locale: 'en',
    pronouns: 'they/them',
  },
  {
    key: 'priya.s',
    displayName: 'Priya S.',
    role: 'member',
    timezone: 'Europe/London',
    locale: 'en',
  },
  {
    key: 'carlos.m',
    displayName: 'Carlos M.',
    role: 'member',
    timezone: 'America/Los_Angeles',
    locale: 'es',
  },
  {
    key: 'grace.t',
    displayName: 'Grace T.',
    role: 'member',
    timezone: 'Europe/Dublin',
    locale: 'en',
    pronouns: 'she/her',
  },
  { key: 'sam.w', displayName: 'Sam W.', role: 'member', timezone: 'Europe/London', locale: 'en' },
  {
    key: 'elena.v',
    displayName: 'Elena V.',
    role: 'member',
    timezone: 'America/Chicago',
    locale: 'es',
    pronouns: 'ella',
  },
];

export interface DemoMeeting {
  slug: string;
  name: string;
  timezone: string;
  startTime: string;
  durationMinutes: number;
  /** How it repeats, as the meeting editor sends it (validated by the same rules). */
  recurrence: Recurrence;
  /** How people attend; the seed checks the rules derive exactly this. */
  attendance: 'in_person' | 'online' | 'hybrid';
  locationName?: string;
  address?: string;
  /** In-person and hybrid meetings are on the map. */
  latitude?: number;
  longitude?: number;
  conferenceUrl?: string;
  /** Meeting Guide type codes. */
  types: string[];
  notes?: string;
}

export interface DemoGroup {
  slug: string;
  name: string;
  description: string;
  focusAreas: (typeof FOCUS_AREAS)[number][];
  stage: (typeof STAGES)[number];
  audience: (typeof AUDIENCES)[number];
  languages: string[];
  format: 'in_person' | 'online' | 'hybrid';
  isOpen: boolean;
  capacity: number;
  agreement: string;
  /** The area a closed group shows to everyone instead of where it meets. */
  publicArea?: string;
  facilitators: string[];
  members: string[];
  /** People who asked to join and are waiting for a facilitator. */
  requested?: string[];
  meetings: DemoMeeting[];
}

const sharedAgreement = [
  'What is shared here stays here. Who we see and what we hear is not repeated outside the group.',
  'We speak from our own experience and use "I", not advice or judgement.',
  'Everyone who wants to speak gets a turn; passing is always fine.',
  'A setback is something we talk about together, never a reason to stay away.',
  'If someone is in danger, the facilitator may reach out for help; that is the one exception to confidentiality.',
];

const agreement = (...extra: string[]) =>
  [...sharedAgreement, ...extra].map((line) => `• ${line}`).join('\n');

const weekly = (day: Weekday, interval = 1): Recurrence => ({
  kind: 'weekly',
  days: [day],
  interval,
});

const conference = (slug: string) => `https://meet.${DEMO_DOMAIN}/${slug}`;

export const demoGroups: DemoGroup[] = [
  {
    slug: 'evening-harbour',
    name: 'Evening Harbour',
    description:
      'An online group for the first months of recovery from alcohol. Evenings can be the ' +
      'hardest part of the day, so we meet when they start: an hour to check in, talk about ' +
      'the day that was, and make a plan for the night ahead. Cameras optional, first names only.',
    focusAreas: ['alcohol'],
    stage: 'early_recovery',
    audience: 'everyone',
    languages: ['en'],
    format: 'online',
    isOpen: true,
    capacity: 16,
    agreement: agreement(
      'Join from somewhere private if you can, and wear headphones if others are nearby.',
      'Please do not record or screenshot the meeting.',
    ),
    facilitators: ['maya.r'],
    members: ['tom.b', 'aisha.k', 'sam.w'],
    meetings: [
      {
        slug: 'evening-harbour-tuesday',
        name: 'Evening Harbour — Tuesday check-in',
        timezone: 'Europe/London',
        startTime: '19:30',
        durationMinutes: 60,
        recurrence: weekly('TU'),
        attendance: 'online',
        conferenceUrl: conference('evening-harbour'),
        types: ['O', 'ONL', 'BE'],
        notes: 'Newcomers are welcome to just listen for the first few weeks.',
      },
      {
        slug: 'evening-harbour-thursday',
        name: 'Evening Harbour — Thursday plan for the weekend',
        timezone: 'Europe/London',
        startTime: '19:30',
        durationMinutes: 60,
        recurrence: weekly('TH'),
        attendance: 'online',
        conferenceUrl: conference('evening-harbour'),
        types: ['O', 'ONL', 'D'],
        notes: 'We close by sharing one thing each of us will do this weekend to stay well.',
      },
    ],
  },
  {
    slug: 'first-light-newcomers',
    name: 'First Light Newcomers',
    description:
      'An in-person group for people new to recovery from opioids, whether you stopped last ' +
      'week or are thinking about it today. Medication-assisted recovery is recovery here. ' +
      'Coffee is on from a quarter of an hour before we start; come early and say hello.',
    focusAreas: ['opioids'],
    stage: 'newcomer',
    audience: 'everyone',
    languages: ['en'],
    format: 'in_person',
    isOpen: true,
    capacity: 14,
    agreement: agreement(
      'We do not comment on anyone’s treatment choices, including medication.',
      'Naloxone is kept at the front desk, and the facilitators know how to use it.',
    ),
    facilitators: ['lucia.f'],
    members: ['jordan.p', 'carlos.m'],
    meetings: [
      {
        slug: 'first-light-monday',
        name: 'First Light — Monday evening',
        timezone: 'America/New_York',
        startTime: '18:00',
        durationMinutes: 75,
        recurrence: weekly('MO'),
        attendance: 'in_person',
        latitude: 42.1015,
        longitude: -72.5898,
        locationName: 'Riverside Community Center, Room 3',
        address: '120 Demo Street, Springfield (fictional)',
        types: ['O', 'BE', 'X'],
        notes: 'Step-free entrance on the side of the building.',
      },
      {
        slug: 'first-light-saturday',
        name: 'First Light — Saturday morning',
        timezone: 'America/New_York',
        startTime: '10:00',
        durationMinutes: 60,
        recurrence: weekly('SA'),
        attendance: 'in_person',
        latitude: 42.1015,
        longitude: -72.5898,
        locationName: 'Riverside Community Center, Room 3',
        address: '120 Demo Street, Springfield (fictional)',
        types: ['O', 'BE', 'X'],
      },
    ],
  },
  {
    slug: 'steady-ground',
    name: 'Steady Ground',
    description:
      'A hybrid group for people living with anxiety, depression or both, in the room or ' +
      'from home. We talk about what the week has been like and swap the small, practical ' +
      'things that help: sleep, walks, routines, asking for help before it gets heavy.',
    focusAreas: ['anxiety', 'depression'],
    stage: 'ongoing',
    audience: 'everyone',
    languages: ['en'],
    format: 'hybrid',
    isOpen: true,
    capacity: 18,
    agreement: agreement(
      'People in the room and people online are one group: the facilitator alternates turns.',
      'This group is peer support, not therapy; the facilitator can point you to professional help.',
    ),
    facilitators: ['maya.r'],
    members: ['priya.s', 'aisha.k', 'grace.t'],
    meetings: [
      {
        slug: 'steady-ground-wednesday',
        name: 'Steady Ground — Wednesday lunchtime',
        timezone: 'Europe/London',
        startTime: '12:30',
        durationMinutes: 60,
        recurrence: weekly('WE'),
        attendance: 'hybrid',
        latitude: 51.4545,
        longitude: -2.5879,
        locationName: 'The Library Meeting Room',
        address: '7 Example Lane, Bristol (fictional)',
        conferenceUrl: conference('steady-ground'),
        types: ['O', 'D', 'ONL', 'X'],
      },
    ],
  },
  {
    slug: 'familias-en-recuperacion',
    name: 'Familias en Recuperación',
    description:
      'Un grupo en español, en línea, para madres, padres, parejas, hijos y amistades de ' +
      'personas con una adicción. Compartimos lo que estamos viviendo, aprendemos a cuidarnos ' +
      'sin dejar de querer, y nos recordamos que no estamos solos.',
    focusAreas: ['family_friends', 'alcohol', 'opioids'],
    stage: 'ongoing',
    audience: 'everyone',
    languages: ['es'],
    format: 'online',
    isOpen: true,
    capacity: 20,
    agreement: [
      'Lo que se comparte aquí, aquí se queda.',
      'Hablamos de nuestra propia experiencia, sin juzgar ni dar consejos.',
      'Cada persona tiene su turno; también está bien solo escuchar.',
      'No hablamos de la persona que queremos sin cuidar su privacidad: usamos solo su nombre de pila o ninguno.',
      'Si alguien está en peligro, la facilitadora puede pedir ayuda; es la única excepción a la confidencialidad.',
    ]
      .map((line) => `• ${line}`)
      .join('\n'),
    facilitators: ['lucia.f'],
    members: ['carlos.m', 'elena.v'],
    meetings: [
      {
        slug: 'familias-domingo',
        name: 'Familias — domingo por la tarde',
        timezone: 'America/Los_Angeles',
        startTime: '17:00',
        durationMinutes: 75,
        recurrence: weekly('SU'),
        attendance: 'online',
        conferenceUrl: conference('familias'),
        types: ['O', 'ONL', 'S'],
        notes: 'Reunión en español.',
      },
    ],
  },
  {
    slug: 'level-up',
    name: 'Level Up',
    description:
      'For young adults (18–25) who want to change how much time gaming, scrolling or ' +
      'streaming takes from their lives. No lectures about screens: we talk about what the ' +
      'games give us, what they cost, and build days that feel good offline too.',
    focusAreas: ['gaming_internet'],
    stage: 'ongoing',
    audience: 'young_people',
    languages: ['en'],
    format: 'online',
    isOpen: true,
    capacity: 12,
    agreement: agreement(
      'No sharing of gamer tags or handles in the group; we get to know each other here first.',
      'Phones face down during the meeting, including the facilitator’s.',
    ),
    facilitators: ['lucia.f'],
    members: ['sam.w', 'jordan.p'],
    meetings: [
      {
        slug: 'level-up-friday',
        name: 'Level Up — Friday night check-in',
        timezone: 'Europe/London',
        startTime: '18:00',
        durationMinutes: 60,
        recurrence: weekly('FR'),
        attendance: 'online',
        conferenceUrl: conference('level-up'),
        types: ['O', 'ONL', 'Y'],
      },
      {
        slug: 'level-up-sunday',
        name: 'Level Up — Sunday reset (every other week)',
        timezone: 'Europe/London',
        startTime: '16:00',
        durationMinutes: 45,
        recurrence: weekly('SU', 2),
        attendance: 'online',
        conferenceUrl: conference('level-up'),
        types: ['O', 'ONL', 'Y'],
      },
    ],
  },
  {
    slug: 'still-water',
    name: 'Still Water',
    description:
      'A closed, trauma-informed group for women in recovery from any addiction. We go at the ' +
      'pace of the slowest person in the room, nobody has to tell their story to belong, and ' +
      'grounding comes before sharing. New members join after a short chat with the facilitator.',
    focusAreas: ['trauma', 'alcohol', 'dual_diagnosis'],
    stage: 'ongoing',
    audience: 'women',
    languages: ['en'],
    format: 'in_person',
    isOpen: false,
    capacity: 10,
    publicArea: 'North London (fictional)',
    agreement: agreement(
      'You never need to describe what happened to you. Talk about how you are now.',
      'You may step out of the room at any time; someone will check in with you kindly.',
      'This group is for women, including trans women, and for non-binary people comfortable in a women’s space.',
    ),
    facilitators: ['maya.r'],
    members: ['grace.t', 'priya.s', 'elena.v'],
    requested: ['aisha.k'],
    meetings: [
      {
        slug: 'still-water-thursday',
        name: 'Still Water — Thursday evening',
        timezone: 'Europe/London',
        startTime: '18:30',
        durationMinutes: 90,
        recurrence: weekly('TH'),
        attendance: 'in_person',
        address: '3 Elm Row, Leeds (fictional)',
        latitude: 53.8008,
        longitude: -1.5491,
        locationName: 'Quiet room, Elm House (fictional)',
        types: ['C', 'W'],
        notes: 'The exact address is shared with members when they join.',
      },
      {
        slug: 'still-water-first-saturday',
        name: 'Still Water — first Saturday morning',
        timezone: 'Europe/London',
        startTime: '11:00',
        durationMinutes: 90,
        recurrence: { kind: 'monthly', week: 1, day: 'SA' },
        attendance: 'in_person',
        address: '3 Elm Row, Leeds (fictional)',
        latitude: 53.8008,
        longitude: -1.5491,
        locationName: 'Quiet room, Elm House (fictional)',
        types: ['C', 'W', 'MED'],
      },
    ],
  },
];
