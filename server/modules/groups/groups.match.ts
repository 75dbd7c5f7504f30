import type {
  FocusArea,
  GroupFormat,
  MatchBody,
  MatchReason,
  Stage,
} from '../../../contracts/groups.ts';
import { MATCH_LIMIT } from '../../../contracts/groups.ts';
import { ADDICTION_AREAS, MENTAL_HEALTH_AREAS } from '../../../contracts/finder-values.ts';

/** What scoring needs of a group (already loaded; scoring never queries). */
export interface MatchCandidate {
  id: string;
  slug: string;
  name: string;
  focusAreas: string[];
  stage: string;
  audience: string;
  languages: string[];
  format: GroupFormat;
  isOpen: boolean;
  /** Null: no capacity, so never full. */
  placesLeft: number | null;
}

export interface ScoredMatch<G extends MatchCandidate = MatchCandidate> {
  group: G;
  score: number;
  /** False when the group cannot take this person now: wrong language, or full. */
  fits: boolean;
  reasons: MatchReason[];
}

/*
 * How a group is scored for a person (higher is better; the most is 110):
 *
 *   focus      up to 50  Required: a group sharing none of what the person works on is left
 *                        out. 30 for sharing any area, plus 20 × the share of the person's
 *                        areas the group covers. Someone working on both an addiction and a
 *                        mental-health area also matches a "dual diagnosis" group (as half an area).
 *   stage      up to 20  From how long the person has been in recovery (STAGE_POINTS).
 *   audience   up to 15  15 when the group is for the audience the person chose; 5 for a
 *                        group for everyone; 0 for a group for another audience (shown as
 *                        `audience_other`, so the person can judge).
 *   language   15        When the person named a language the group meets in. A named
 *                        language the group does not use makes it NOT fit.
 *   format     up to 10  In person: in-person groups 10, hybrid 8. Online: online 10,
 *                        hybrid 8. The other format scores 0 and says so (`format_other`).
 *   places     5         A place is free (or the group has no limit). A full group does NOT fit.
 *   open       5         Anyone may come along without waiting for approval.
 *
 * Groups that fit come first, then the rest (each with the reason it does not fit); within
 * each, by score, then by more places left, then by name and slug, so the order is stable.
 * At most MATCH_LIMIT groups are returned.
 */

/** Points per group stage for each "how long" answer (absent: 0). */
const STAGE_POINTS: Record<MatchBody['howLong'], Partial<Record<Stage, number>>> = {
  not_started: { newcomer: 20, early_recovery: 10, ongoing: 5 },
  under_90_days: { newcomer: 20, early_recovery: 15, ongoing: 5 },
  under_1_year: { early_recovery: 20, ongoing: 12, newcomer: 5 },
  over_1_year: { ongoing: 20, long_term: 20, early_recovery: 5 },
};
/** A stage earning at least this many points is named as a reason. */
const STAGE_REASON_MIN = 10;

const addictionAreas: ReadonlySet<FocusArea> = new Set(ADDICTION_AREAS);
const mentalHealthAreas: ReadonlySet<FocusArea> = new Set(MENTAL_HEALTH_AREAS);

const primaryTag = (language: string) => language.toLowerCase().split('-')[0]!;

/** Whether the group meets in `language` ('es' matches a group in 'es-mx' and vice versa). */
function speaks(group: MatchCandidate, language: string): boolean {
  const wanted = language.toLowerCase();
  return group.languages.some(
    (l) => l.toLowerCase() === wanted || primaryTag(l) === primaryTag(wanted),
  );
}

/** The person's areas the group works on (plus dual diagnosis where it applies). */
function sharedAreas(group: MatchCandidate, workingOn: FocusArea[]): string[] {
  const shared = workingOn.filter((a) => group.focusAreas.includes(a));
  const isDual =
    workingOn.some((a) => addictionAreas.has(a)) && workingOn.some((a) => mentalHealthAreas.has(a));
  if (isDual && group.focusAreas.includes('dual_diagnosis') && !shared.includes('dual_diagnosis')) {
    shared.push('dual_diagnosis');
  }
  return shared;
}

/** Scores one group; undefined when it shares nothing the person works on. */
export function scoreGroup<G extends MatchCandidate>(
  group: G,
  answers: MatchBody,
): ScoredMatch<G> | undefined {
  const areas = sharedAreas(group, answers.workingOn);
  if (areas.length === 0) return undefined;

  const reasons: MatchReason[] = [];
  let score = 0;
  let fits = true;

  const direct = answers.workingOn.filter((a) => group.focusAreas.includes(a)).length;
  const viaDual = areas.length > direct ? 0.5 : 0;
  score += 30 + 20 * Math.min(1, (direct + viaDual) / answers.workingOn.length);
  reasons.push({ code: 'focus', params: { areas } });

  const stagePoints = STAGE_POINTS[answers.howLong][group.stage as Stage] ?? 0;
  score += stagePoints;
  if (stagePoints >= STAGE_REASON_MIN)
    reasons.push({ code: 'stage', params: { stage: group.stage } });

  const audience = answers.audience && answers.audience !== 'everyone' ? answers.audience : null;
  if (group.audience === 'everyone') {
    score += 5;
  } else if (audience !== null && group.audience === audience) {
    score += 15;
    reasons.push({ code: 'audience', params: { audience } });
  } else {
    reasons.push({ code: 'audience_other', params: { audience: group.audience } });
  }

  if (answers.language) {
    if (speaks(group, answers.language)) {
      score += 15;
      reasons.push({ code: 'language', params: { language: answers.language } });
    } else {
      fits = false;
      reasons.push({ code: 'language_missing', params: { language: answers.language } });
    }
  }

  const attendance = answers.attendance;
  if (attendance === 'in_person' || attendance === 'online') {
    if (group.format === attendance) {
      score += 10;
      reasons.push({ code: 'format', params: { format: group.format } });
    } else if (group.format === 'hybrid') {
      score += 8;
      reasons.push({ code: 'format', params: { format: group.format } });
    } else {
      reasons.push({ code: 'format_other', params: { format: group.format } });
    }
  }

  if (group.placesLeft === null || group.placesLeft > 0) {
    score += 5;
    reasons.push(
      group.placesLeft === null
        ? { code: 'has_places' }
        : { code: 'has_places', params: { placesLeft: group.placesLeft } },
    );
  } else {
    fits = false;
    reasons.push({ code: 'full' });
  }

  if (group.isOpen) {
    score += 5;
    reasons.push({ code: 'open' });
  }

  return { group, score: Math.round(score * 10) / 10, fits, reasons };
}

const places = (g: MatchCandidate) => g.placesLeft ?? Number.POSITIVE_INFINITY;

/** Ranks groups for a person's answers (see the weighting above). Pure and deterministic. */
export function matchGroups<G extends MatchCandidate>(
  groups: readonly G[],
  answers: MatchBody,
  limit = MATCH_LIMIT,
): ScoredMatch<G>[] {
  const scored = groups
    .map((g) => scoreGroup(g, answers))
    .filter((m): m is ScoredMatch<G> => m !== undefined);
  scored.sort(
    (a, b) =>
      Number(b.fits) - Number(a.fits) ||
      b.score - a.score ||
      (places(b.group) === places(a.group) ? 0 : places(b.group) > places(a.group) ? 1 : -1) ||
      a.group.name.localeCompare(b.group.name, 'en') ||
      (a.group.slug < b.group.slug ? -1 : a.group.slug > b.group.slug ? 1 : 0),
  );
  return scored.slice(0, limit);
}
