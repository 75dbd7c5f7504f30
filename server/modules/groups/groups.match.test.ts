import { describe, expect, it } from 'vitest';
import { MatchBody } from '../../../contracts/groups.ts';
import { matchGroups, scoreGroup, type MatchCandidate } from './groups.match.ts';

let n = 0;
const group = (fields: Partial<MatchCandidate> = {}): MatchCandidate => {
  n++;
  return {
    id: `g${n}`,
    slug: `group-${n}`,
    name: `Group ${n}`,
    focusAreas: ['alcohol'],
    stage: 'ongoing',
    audience: 'everyone',
    languages: ['en'],
    format: 'in_person',
    isOpen: true,
    placesLeft: null,
    ...fields,
  };
};
const answers = (fields: Partial<MatchBody> = {}): MatchBody =>
  MatchBody.parse({ workingOn: ['alcohol'], howLong: 'under_90_days', ...fields });
const codes = (m: { reasons: { code: string }[] } | undefined) => m?.reasons.map((r) => r.code);

describe('scoreGroup', () => {
  it('leaves out a group that shares nothing the person works on', () => {
    expect(scoreGroup(group({ focusAreas: ['gambling'] }), answers())).toBeUndefined();
  });

  it('explains each part of a match with stable codes and params', () => {
    const m = scoreGroup(
      group({ stage: 'newcomer', audience: 'women', languages: ['es'] }),
      answers({ audience: 'women', language: 'es', attendance: 'in_person' }),
    );
    expect(m).toMatchObject({ fits: true, score: 50 + 20 + 15 + 15 + 10 + 5 + 5 });
    expect(m!.reasons).toEqual([
      { code: 'focus', params: { areas: ['alcohol'] } },
      { code: 'stage', params: { stage: 'newcomer' } },
      { code: 'audience', params: { audience: 'women' } },
      { code: 'language', params: { language: 'es' } },
      { code: 'format', params: { format: 'in_person' } },
      { code: 'has_places' },
      { code: 'open' },
    ]);
  });

  it('weighs the share of the person’s areas the group covers', () => {
    const both = scoreGroup(
      group({ focusAreas: ['alcohol', 'anxiety'] }),
      answers({ workingOn: ['alcohol', 'anxiety'] }),
    );
    const one = scoreGroup(group(), answers({ workingOn: ['alcohol', 'anxiety'] }));
    expect(both!.score - one!.score).toBe(10);
    expect(both!.reasons[0]).toEqual({ code: 'focus', params: { areas: ['alcohol', 'anxiety'] } });
  });

  it('matches a dual diagnosis group for an addiction together with a mental-health area', () => {
    const m = scoreGroup(
      group({ focusAreas: ['dual_diagnosis'] }),
      answers({ workingOn: ['alcohol', 'depression'] }),
    );
    expect(m!.reasons[0]).toEqual({ code: 'focus', params: { areas: ['dual_diagnosis'] } });
    expect(scoreGroup(group({ focusAreas: ['dual_diagnosis'] }), answers())).toBeUndefined();
  });

  it('does not fit when the named language is missing, and says which', () => {
    const m = scoreGroup(group({ languages: ['en'] }), answers({ language: 'es' }));
    expect(m!.fits).toBe(false);
    expect(m!.reasons).toContainEqual({ code: 'language_missing', params: { language: 'es' } });
  });

  it('treats a regional language code as the same language', () => {
    const m = scoreGroup(group({ languages: ['es-mx'] }), answers({ language: 'es' }));
    expect(m!.fits).toBe(true);
    expect(codes(m)).toContain('language');
  });

  it('does not fit a full group, and says so', () => {
    const m = scoreGroup(group({ placesLeft: 0 }), answers());
    expect(m!.fits).toBe(false);
    expect(codes(m)).toContain('full');
    expect(codes(m)).not.toContain('has_places');
    expect(scoreGroup(group({ placesLeft: 3 }), answers())!.reasons).toContainEqual({
      code: 'has_places',
      params: { placesLeft: 3 },
    });
  });

  it('names another audience and another format without excluding the group', () => {
    const m = scoreGroup(
      group({ audience: 'veterans', format: 'online' }),
      answers({ attendance: 'in_person' }),
    );
    expect(m!.fits).toBe(true);
    expect(codes(m)).toEqual(expect.arrayContaining(['audience_other', 'format_other']));
  });

  it('scores hybrid groups for both in-person and online attendance', () => {
    for (const attendance of ['in_person', 'online'] as const) {
      const m = scoreGroup(group({ format: 'hybrid' }), answers({ attendance }));
      expect(m!.reasons).toContainEqual({ code: 'format', params: { format: 'hybrid' } });
    }
  });

  it('follows how long the person has been in recovery', () => {
    const newcomer = group({ stage: 'newcomer' });
    const longTerm = group({ stage: 'long_term' });
    const early = answers({ howLong: 'not_started' });
    const later = answers({ howLong: 'over_1_year' });
    expect(scoreGroup(newcomer, early)!.score).toBeGreaterThan(scoreGroup(longTerm, early)!.score);
    expect(scoreGroup(longTerm, later)!.score).toBeGreaterThan(scoreGroup(newcomer, later)!.score);
    expect(codes(scoreGroup(longTerm, early))).not.toContain('stage');
  });
});

describe('matchGroups', () => {
  it('ranks fitting groups first, by score, and groups that cannot fit last', () => {
    const full = group({ name: 'Full', stage: 'newcomer', placesLeft: 0 });
    const best = group({ name: 'Best', stage: 'newcomer' });
    const good = group({ name: 'Good', stage: 'long_term' });
    const other = group({ name: 'Other', focusAreas: ['gambling'] });
    const ranked = matchGroups([full, good, other, best], answers());
    expect(ranked.map((m) => m.group.name)).toEqual(['Best', 'Good', 'Full']);
    expect(ranked.map((m) => m.fits)).toEqual([true, true, false]);
  });

  it('breaks ties by places left, then by name, then by slug', () => {
    const a = group({ name: 'Beta', slug: 'beta-2' });
    const b = group({ name: 'Beta', slug: 'beta-1' });
    const c = group({ name: 'Alpha', placesLeft: 2 });
    const d = group({ name: 'Alpha' });
    const ranked = matchGroups([a, b, c, d], answers());
    expect(ranked.map((m) => m.group.slug)).toEqual([d.slug, 'beta-1', 'beta-2', c.slug]);
    // The same input in another order gives the same ranking.
    expect(matchGroups([d, c, b, a], answers()).map((m) => m.group.slug)).toEqual(
      ranked.map((m) => m.group.slug),
    );
  });

  it('returns at most ten groups', () => {
    const many = Array.from({ length: 25 }, () => group());
    expect(matchGroups(many, answers())).toHaveLength(10);
  });
});

describe('MatchBody', () => {
  it('says what to do in plain words, per field, when the questionnaire is sent empty', () => {
    const r = MatchBody.safeParse({ workingOn: [], howLong: '', attendance: '' });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i]));
    expect(Object.keys(byField).sort()).toEqual(['attendance', 'howLong', 'workingOn']);
    expect(byField.workingOn!.message).toBe('Choose at least one thing you are working on');
    expect(byField.howLong!.message).toBe('Choose how long you have been working on it');
    expect(byField.attendance!.message).toBe('Choose in person, online or either');
    // No internal codes (under_90_days, in_person) in what a person may read.
    for (const issue of r.error!.issues) expect(issue.message).not.toMatch(/_|must be one of/);
  });
});
