/**
 * Names of the directory's values (focus areas, stages, audiences, ways to attend, times of
 * day, Meeting Guide types) in every interface language. One source for both sides: the web's
 * catalogues show them (`taxonomy.*` in web/src/i18n) and the finder's text search matches
 * them, so "spanish", "español" or "en línea" find what the filters show.
 */
export const TAXONOMY_EN = {
  focus: {
    alcohol: 'Alcohol',
    opioids: 'Opioids',
    stimulants: 'Stimulants',
    cannabis: 'Cannabis',
    nicotine: 'Nicotine',
    gambling: 'Gambling',
    gaming_internet: 'Gaming and internet',
    eating: 'Eating',
    depression: 'Depression',
    anxiety: 'Anxiety',
    trauma: 'Trauma',
    dual_diagnosis: 'Dual diagnosis',
    family_friends: 'Family and friends',
    other: 'Something else',
  },
  stage: {
    newcomer: 'New to recovery',
    early_recovery: 'Early recovery',
    ongoing: 'Ongoing recovery',
    long_term: 'Long-term and mentoring',
  },
  audience: {
    everyone: 'Everyone',
    women: 'Women',
    men: 'Men',
    lgbtq: 'LGBTQ+',
    young_people: 'Young people',
    seniors: 'Older people',
    veterans: 'Veterans',
    parents: 'Parents',
    professionals: 'Professionals',
    people_of_colour: 'People of colour',
  },
  attendance: { in_person: 'In person', online: 'Online', hybrid: 'Hybrid', inactive: 'Paused' },
  format: { in_person: 'In person', online: 'Online', hybrid: 'In person and online' },
  time: { morning: 'Morning', midday: 'Afternoon', evening: 'Evening', night: 'Night' },
  types: {
    O: 'Open',
    C: 'Closed',
    BE: 'Newcomer',
    D: 'Discussion',
    SP: 'Speaker',
    ST: 'Step study',
    B: 'Book study',
    W: 'Women',
    M: 'Men',
    LGBTQ: 'LGBTQ+',
    Y: 'Young people',
    X: 'Wheelchair access',
    ASL: 'Sign language',
    CF: 'Child-friendly',
    ONL: 'Online',
    TC: 'Location temporarily closed',
    MED: 'Meditation',
    S: 'Spanish',
  },
};

export type TaxonomyLabels = {
  [K in keyof typeof TAXONOMY_EN]: Record<keyof (typeof TAXONOMY_EN)[K], string>;
};

export const TAXONOMY_ES: TaxonomyLabels = {
  focus: {
    alcohol: 'Alcohol',
    opioids: 'Opioides',
    stimulants: 'Estimulantes',
    cannabis: 'Cannabis',
    nicotine: 'Nicotina',
    gambling: 'Juego',
    gaming_internet: 'Videojuegos e internet',
    eating: 'Alimentación',
    depression: 'Depresión',
    anxiety: 'Ansiedad',
    trauma: 'Trauma',
    dual_diagnosis: 'Patología dual',
    family_friends: 'Familia y amistades',
    other: 'Otra cosa',
  },
  stage: {
    newcomer: 'Recién llegados',
    early_recovery: 'Recuperación temprana',
    ongoing: 'Recuperación continuada',
    long_term: 'Largo plazo y mentoría',
  },
  audience: {
    everyone: 'Todo el mundo',
    women: 'Mujeres',
    men: 'Hombres',
    lgbtq: 'LGBTQ+',
    young_people: 'Gente joven',
    seniors: 'Personas mayores',
    veterans: 'Veteranos',
    parents: 'Madres y padres',
    professionals: 'Profesionales',
    people_of_colour: 'Personas racializadas',
  },
  attendance: {
    in_person: 'En persona',
    online: 'En línea',
    hybrid: 'Híbrida',
    inactive: 'En pausa',
  },
  format: {
    in_person: 'En persona',
    online: 'En línea',
    hybrid: 'En persona y en línea',
  },
  time: {
    morning: 'Mañana',
    midday: 'Tarde',
    evening: 'Última hora de la tarde',
    night: 'Noche',
  },
  types: {
    O: 'Abierta',
    C: 'Cerrada',
    BE: 'Recién llegados',
    D: 'Debate',
    SP: 'Con oradora u orador',
    ST: 'Estudio de pasos',
    B: 'Estudio de libro',
    W: 'Mujeres',
    M: 'Hombres',
    LGBTQ: 'LGBTQ+',
    Y: 'Gente joven',
    X: 'Acceso en silla de ruedas',
    ASL: 'Lengua de signos',
    CF: 'Se admiten niños',
    ONL: 'En línea',
    TC: 'Local cerrado temporalmente',
    MED: 'Meditación',
    S: 'En español',
  },
};

/** Every interface language's names, by language. */
export const TAXONOMY_LABELS = { en: TAXONOMY_EN, es: TAXONOMY_ES } as const;
