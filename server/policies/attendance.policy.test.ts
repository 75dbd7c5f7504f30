import { describe, expect, it } from 'vitest';
import { SURVEY_MIN_ANSWERS } from '../../contracts/attendance.ts';
import { areSurveyResultsShown, isStaffRead } from './attendance.policy.ts';
import { groupContextOf } from './meeting.policy.ts';
import type { Actor } from './actor.ts';

// The role × action × state rows for attendance live in policies.test.ts (one table for
// every action); these are the attendance rules that are not a yes/no per role.

const admin: Actor = { userId: 'a', role: 'admin', twoFactorEnabled: true, sessionId: 's' };
const facilitator: Actor = { ...admin, userId: 'f', role: 'facilitator' };

describe('attendance policy', () => {
  it('hides the survey aggregate below 5 answers and shows it from 5 on', () => {
    expect(SURVEY_MIN_ANSWERS).toBe(5);
    for (const n of [0, 1, 2, 3, 4]) expect(areSurveyResultsShown(n), String(n)).toBe(false);
    for (const n of [5, 6, 50]) expect(areSurveyResultsShown(n), String(n)).toBe(true);
  });

  it("counts an admin's read of a group's attendance as a staff read (audited), not a facilitator's", () => {
    const outside = groupContextOf({ id: 'g', isOpen: false }, null);
    const runs = groupContextOf(
      { id: 'g', isOpen: false },
      { status: 'active', role: 'facilitator' },
    );
    expect(isStaffRead(admin, outside)).toBe(true);
    expect(isStaffRead(admin, runs)).toBe(false);
    expect(isStaffRead(facilitator, runs)).toBe(false);
  });
});
