import { describe, expect, it } from 'vitest';
import {
  checkInCode,
  checkInKey,
  checkInWindow,
  isRightCode,
  normaliseCode,
  surveyAggregate,
  surveyClosesAt,
  weekAround,
} from './attendance.rules.ts';

const key = checkInKey('s'.repeat(40));

describe('check-in codes', () => {
  it('are 6 characters of an unambiguous alphabet, one per occurrence and per server secret', () => {
    const code = checkInCode(key, 'm1', '2026-03-03');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(checkInCode(key, 'm1', '2026-03-03')).toBe(code);
    expect(checkInCode(key, 'm1', '2026-03-10')).not.toBe(code);
    expect(checkInCode(key, 'm2', '2026-03-03')).not.toBe(code);
    expect(checkInCode(checkInKey('t'.repeat(40)), 'm1', '2026-03-03')).not.toBe(code);
  });

  it('accept what people type: lower case, spaces, dashes, O for 0 and I or L for 1', () => {
    expect(normaliseCode(' ab-c o1l ')).toBe('ABC011');
    expect(isRightCode('AB0C11', 'ab-oc il')).toBe(true);
    expect(isRightCode('AB0C11', 'AB0C12')).toBe(false);
    expect(isRightCode('AB0C11', 'AB0C1')).toBe(false);
  });

  it('work from 30 minutes before the start to the end', () => {
    const w = checkInWindow({
      start: new Date('2026-03-04T00:00:00Z'),
      end: new Date('2026-03-04T01:00:00Z'),
    });
    expect(w.from.toISOString()).toBe('2026-03-03T23:30:00.000Z');
    expect(w.until.toISOString()).toBe('2026-03-04T01:00:00.000Z');
  });
});

describe('weeks and the question window', () => {
  it('counts weeks Monday to Monday in the person’s zone, across a DST change', () => {
    // Sunday 8 March 2026 is the US change; a Wednesday in that week, in New York.
    const w = weekAround(new Date('2026-03-11T15:00:00Z'), 'America/New_York');
    expect(w.from.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-03-16T04:00:00.000Z');
    const before = weekAround(new Date('2026-03-08T03:00:00Z'), 'America/New_York');
    expect(before.from.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(before.to.toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('closes the question 7 days after the end', () => {
    expect(surveyClosesAt(new Date('2026-03-04T01:00:00Z')).toISOString()).toBe(
      '2026-03-11T01:00:00.000Z',
    );
  });
});

describe('the survey aggregate', () => {
  const answers = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ rating: (i % 5) + 1, comment: `c${i}` }));

  it('says only how many answered under 5', () => {
    expect(surveyAggregate(answers(4))).toEqual({
      count: 4,
      minAnswers: 5,
      shown: false,
      mean: null,
      distribution: null,
      comments: [],
    });
  });

  it('shows the mean, the count per rating and the comments shuffled from 5 on', () => {
    const result = surveyAggregate(answers(6), () => 0);
    expect(result).toMatchObject({ count: 6, shown: true, distribution: [2, 1, 1, 1, 1] });
    expect(result.mean).toBe(2.7);
    expect([...result.comments].sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(result.comments).not.toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
  });
});
