import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { groupMemberships, groups, meetings } from '../../db/schema/index.ts';
import type { TestContext } from '../../test/harness.ts';

let groupCounter = 0;

/** A group with one weekly meeting, and `userId` as an active member of it. */
export async function joinNewGroup(t: TestContext, userId: string, name = 'Tuesday Circle') {
  groupCounter++;
  const [group] = await t.database.db
    .insert(groups)
    .values({ slug: `group-${groupCounter}-${Date.now()}`, name })
    .returning();
  await t.database.db.insert(meetings).values({
    groupId: group!.id,
    slug: `meeting-${groupCounter}-${Date.now()}`,
    name: `${name} weekly`,
    timezone: 'Europe/London',
    startTime: '19:00',
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    startsOn: '2026-01-06',
  });
  await t.database.db.insert(groupMemberships).values({ groupId: group!.id, userId });
  return group!;
}

/** Asserts a 4xx validation answer that names `field`. */
export function expectFieldError(res: LightMyRequestResponse, field: string, status = 400) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  const fields = (body.error.details ?? []).map((d: { field: string }) => d.field);
  expect(fields, res.body).toContain(field);
}

/** Words an email subject or body must never contain: they would say why someone is here. */
export const HEALTH_WORDS =
  /recover|relapse|addict|sober|sobriety|craving|trigger|mental|therap|setback|lapse|clean|health|alcohol|drug|support group|check-in|journal/i;
