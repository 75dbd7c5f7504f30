import { z } from 'zod';
import type { NotificationKind } from '../../../contracts/notifications.ts';
import type { Language, Translated } from '../../i18n/index.ts';

/**
 * Every kind of notification: what its stored `data` holds, whether it emails by default,
 * and its words in each language. THE RULE: the text never names a health topic, a group's
 * focus, or a closed group's or a meeting's name (a meeting's name often says what its
 * members recover from): "Your meeting starts in 30 minutes", and a link to where the
 * signed-in person sees which one. `data` holds ids, slugs and times only.
 *
 * To add a kind: add its name to `notificationKinds` in contracts/notifications.ts, an entry
 * here (a zod schema for its data, `email` default, `text` in English and Spanish), web
 * catalogue labels `notifications.kinds.<kind>` (en + es), and call
 * `notify(deps, userId, '<kind>', data, { dedupeKey })` from your service.
 */
export interface NotificationText {
  title: string;
  body: string;
  /** A path inside the site for the inbox entry, or null. */
  link: string | null;
}

/** Who reads the text: their language and time zone (times are shown in it). */
export interface Reader {
  language: Language;
  timezone: string;
}

export interface KindDefinition<D> {
  data: z.ZodType<D>;
  /** Email on unless the person switches it off (the inbox is always on). */
  email: boolean;
  text(data: D, reader: Reader): NotificationText;
  /** After this, an email still waiting (quiet hours) is dropped: too late to be useful. */
  staleAt?: (data: D) => Date;
}

const when = (iso: string, reader: Reader): string =>
  new Intl.DateTimeFormat(reader.language === 'es' ? 'es' : 'en', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: reader.timezone,
    timeZoneName: 'short',
  }).format(new Date(iso));

/** "30 minutes", "1 hour", "1 day" in each language. */
export function leadTime(minutes: number, language: Language): string {
  const words: Translated<{
    minute: [string, string];
    hour: [string, string];
    day: [string, string];
  }> = {
    en: { minute: ['minute', 'minutes'], hour: ['hour', 'hours'], day: ['day', 'days'] },
    es: { minute: ['minuto', 'minutos'], hour: ['hora', 'horas'], day: ['día', 'días'] },
  };
  const w = words[language];
  const [n, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, w.day]
      : minutes % 60 === 0
        ? [minutes / 60, w.hour]
        : [minutes, w.minute];
  return `${n} ${n === 1 ? unit[0] : unit[1]}`;
}

const MeetingOccurrence = z.object({
  meetingSlug: z.string(),
  occurrenceId: z.string(),
  /** The occurrence's start, ISO instant. */
  start: z.string(),
});

const meetingLink = (d: { meetingSlug: string }) =>
  `/meetings/${encodeURIComponent(d.meetingSlug)}`;

const pick = <T>(reader: Reader, texts: Translated<T>): T => texts[reader.language];

export const kinds: { [K in NotificationKind]: KindDefinition<KindData<K>> } = {
  meeting_reminder: {
    data: MeetingOccurrence.extend({ minutesBefore: z.number().int().positive() }),
    email: true,
    staleAt: (d) => new Date(d.start),
    text: (d, reader) => ({
      ...pick(reader, {
        en: {
          title: `Your meeting starts in ${leadTime(d.minutesBefore, 'en')}`,
          body: `It starts ${when(d.start, reader)}. We look forward to seeing you.`,
        },
        es: {
          title: `Tu reunión empieza en ${leadTime(d.minutesBefore, 'es')}`,
          body: `Empieza el ${when(d.start, reader)}. Te esperamos.`,
        },
      }),
      link: meetingLink(d),
    }),
  },
  meeting_cancelled: {
    data: MeetingOccurrence,
    email: true,
    staleAt: (d) => new Date(d.start),
    text: (d, reader) => ({
      ...pick(reader, {
        en: {
          title: 'A meeting you planned to attend is cancelled',
          body: `The meeting on ${when(d.start, reader)} will not take place. The next ones are on the meeting page.`,
        },
        es: {
          title: 'Se canceló una reunión a la que pensabas ir',
          body: `La reunión del ${when(d.start, reader)} no se celebrará. Las próximas están en la página de la reunión.`,
        },
      }),
      link: meetingLink(d),
    }),
  },
  join_request_answered: {
    data: z.object({ groupSlug: z.string(), approved: z.boolean() }),
    email: false,
    text: (d, reader) => ({
      ...pick(reader, {
        en: d.approved
          ? {
              title: 'Your request to join was approved',
              body: 'Welcome. You can now see the group’s meetings.',
            }
          : {
              title: 'An answer to your request to join',
              body: 'The facilitators answered your request.',
            },
        es: d.approved
          ? {
              title: 'Se aprobó tu solicitud para unirte',
              body: 'Te damos la bienvenida. Ya puedes ver las reuniones del grupo.',
            }
          : {
              title: 'Respuesta a tu solicitud para unirte',
              body: 'El equipo facilitador respondió a tu solicitud.',
            },
      }),
      link: d.approved ? `/groups/${encodeURIComponent(d.groupSlug)}` : '/',
    }),
  },
};

/** The data each kind stores (add a kind's shape here with its entry above). */
export interface KindDataMap {
  meeting_reminder: {
    meetingSlug: string;
    occurrenceId: string;
    start: string;
    minutesBefore: number;
  };
  meeting_cancelled: { meetingSlug: string; occurrenceId: string; start: string };
  join_request_answered: { groupSlug: string; approved: boolean };
}
export type KindData<K extends NotificationKind> = KindDataMap[K];

/** A stored row's text for a reader; an unknown or malformed row reads as a neutral note. */
export function renderNotification(kind: string, data: unknown, reader: Reader): NotificationText {
  const def = (kinds as Record<string, KindDefinition<unknown>>)[kind];
  const parsed = def?.data.safeParse(data);
  if (!def || !parsed?.success) {
    return reader.language === 'es'
      ? { title: 'Tienes una notificación', body: '', link: null }
      : { title: 'You have a notification', body: '', link: null };
  }
  return def.text(parsed.data, reader);
}

/** When a stored notification's email stops being useful (null: never). */
export function staleAtOf(kind: string, data: unknown): Date | null {
  const def = (kinds as Record<string, KindDefinition<unknown>>)[kind];
  const parsed = def?.data.safeParse(data);
  return def?.staleAt && parsed?.success ? def.staleAt(parsed.data) : null;
}
