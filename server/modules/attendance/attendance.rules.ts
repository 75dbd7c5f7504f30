import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import {
  CHECK_IN_ALPHABET,
  CHECK_IN_CODE_LENGTH,
  CHECK_IN_OPENS_BEFORE_MIN,
  SURVEY_DAYS,
  SURVEY_MIN_ANSWERS,
  type SurveyAggregate,
} from '../../../contracts/attendance.ts';
import { safeEqual } from '../../lib/tokens.ts';

/** Pure rules of attendance: the check-in code, its window, weeks, the survey aggregate. */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The key check-in codes are made with, derived from the server secret for this purpose. */
export function checkInKey(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'iconocast', 'attendance-check-in', 32));
}

/**
 * The occurrence's check-in code: an HMAC of the meeting and occurrence under the server's
 * key, written in CHECK_IN_CODE_LENGTH characters of Crockford's base 32. The same for
 * everyone at that occurrence, different for every other one, and nothing is stored.
 */
export function checkInCode(key: Buffer, meetingId: string, occurrenceId: string): string {
  const mac = createHmac('sha256', key).update(`${meetingId}|${occurrenceId}`).digest();
  let code = '';
  // 32 symbols: 5 bits of each byte, no bias.
  for (let i = 0; i < CHECK_IN_CODE_LENGTH; i++) code += CHECK_IN_ALPHABET[mac[i]! & 31];
  return code;
}

/**
 * What someone typed, in the code's alphabet: upper case, without spaces or dashes, and the
 * letters people confuse read as the digits they look like (O → 0, I and L → 1).
 */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function isRightCode(expected: string, typed: string): boolean {
  return safeEqual(expected, normaliseCode(typed));
}

/** A code works from a little before the start until the end of the occurrence. */
export function checkInWindow(occurrence: { start: Date; end: Date }): {
  from: Date;
  until: Date;
} {
  return {
    from: new Date(occurrence.start.getTime() - CHECK_IN_OPENS_BEFORE_MIN * MINUTE),
    until: occurrence.end,
  };
}

export const isWithin = (now: Date, window: { from: Date; until: Date }): boolean =>
  now >= window.from && now <= window.until;

/** The question can be answered from the occurrence's start until SURVEY_DAYS after its end. */
export const surveyClosesAt = (end: Date): Date => new Date(end.getTime() + SURVEY_DAYS * DAY);

/** The week (Monday 00:00 to the next Monday) that holds `now`, in `zone`. */
export function weekAround(now: Date, zone: string): { from: Date; to: Date } {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainDate();
  const monday = today.subtract({ days: today.dayOfWeek - 1 });
  const at = (d: Temporal.PlainDate) =>
    new Date(d.toZonedDateTime({ timeZone: zone }).epochMilliseconds);
  return { from: at(monday), to: at(monday.add({ days: 7 })) };
}

/** A fair shuffle (Fisher–Yates), so the order of comments says nothing about who or when. */
export function shuffled<T>(items: readonly T[], pick: (n: number) => number = randomInt): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * What facilitators see of the answers: under SURVEY_MIN_ANSWERS only how many answered;
 * from then on the mean, the count per rating and the comments, shuffled.
 */
export function surveyAggregate(
  answers: readonly { rating: number; comment: string | null }[],
  pick?: (n: number) => number,
): SurveyAggregate {
  const count = answers.length;
  if (count < SURVEY_MIN_ANSWERS) {
    return {
      count,
      minAnswers: SURVEY_MIN_ANSWERS,
      shown: false,
      mean: null,
      distribution: null,
      comments: [],
    };
  }
  const distribution = [0, 0, 0, 0, 0];
  for (const a of answers) distribution[a.rating - 1]! += 1;
  const mean = answers.reduce((sum, a) => sum + a.rating, 0) / count;
  return {
    count,
    minAnswers: SURVEY_MIN_ANSWERS,
    shown: true,
    mean: Math.round(mean * 10) / 10,
    distribution,
    comments: shuffled(
      answers.flatMap((a) => (a.comment ? [a.comment] : [])),
      pick,
    ),
  };
}
