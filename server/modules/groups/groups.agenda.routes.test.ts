import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENDA } from '../../../contracts/rooms.ts';
import { auditEvents, groupMemberships, groups } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import { findAgendaForRoom } from './groups.agenda.service.ts';

let t: TestContext;
let fac: SignedIn;
let member: SignedIn;
let other: SignedIn;
let group: typeof groups.$inferSelect;

beforeAll(async () => {
  t = await createTestApp();
  fac = await createSignedIn(t, { role: 'facilitator', totpEnabledAt: t.clock.now() });
  member = await createSignedIn(t);
  other = await createSignedIn(t);
  const rows = await t.database.db
    .insert(groups)
    .values({ slug: 'agenda-group', name: 'Agenda group', isOpen: false, format: 'online' })
    .returning();
  group = rows[0]!;
  await t.database.db.insert(groupMemberships).values([
    { groupId: group!.id, userId: fac.user.id, role: 'facilitator' },
    { groupId: group!.id, userId: member.user.id, role: 'member' },
  ]);
});
afterAll(() => t.close());

const url = '/api/groups/agenda-group/agenda';
const steps = [
  { key: 'welcome', title: 'Welcome' },
  { key: 'meditation', title: 'Two minutes of quiet' },
  { key: 'sharing', title: 'Open sharing' },
];

describe('a group’s agenda', () => {
  it('starts as the usual format, shown to members', async () => {
    const res = await member.request({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ steps: DEFAULT_AGENDA, isDefault: true });
  });

  it('is not shown to people outside a closed group', async () => {
    expect((await other.request({ method: 'GET', url })).statusCode).toBe(403);
  });

  it('lets a facilitator replace it, audited, and the rooms module reads it', async () => {
    const res = await fac.request({ method: 'PUT', url, payload: { steps } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ steps, isDefault: false });
    expect(await findAgendaForRoom(t.database.db, group.id)).toEqual(steps);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'group.agenda_updated'), eq(auditEvents.resourceId, group.id)),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.meta).toEqual({ steps: 3 });
  });

  it('refuses members who are not its facilitators', async () => {
    const res = await member.request({ method: 'PUT', url, payload: { steps } });
    expect(res.statusCode).toBe(403);
  });

  it.each([
    ['no steps', { steps: [] }, 'body.steps'],
    ['a bad key', { steps: [{ key: 'Not OK!', title: 'x' }] }, 'body.steps.0.key'],
    ['an empty title', { steps: [{ key: 'a', title: '  ' }] }, 'body.steps.0.title'],
    [
      'two steps with one key',
      {
        steps: [
          { key: 'a', title: 'A' },
          { key: 'a', title: 'B' },
        ],
      },
      'body.steps',
    ],
  ])('refuses %s, naming the field', async (_name, payload, field) => {
    const res = await fac.request({ method: 'PUT', url, payload });
    expect(res.statusCode).toBe(400);
    const fields = (res.json() as { error: { details: { field: string }[] } }).error.details.map(
      (d) => d.field,
    );
    expect(fields).toContain(field);
  });
});
