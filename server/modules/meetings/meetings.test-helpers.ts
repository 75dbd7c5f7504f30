import { groupMemberships, groups } from '../../db/schema/index.ts';
import type { TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';

let counter = 0;

export interface TestGroup {
  id: string;
  slug: string;
  name: string;
  isOpen: boolean;
}

/** Inserts a group straight into the database. */
export async function createGroup(
  t: TestContext,
  fields: { isOpen?: boolean; name?: string } = {},
): Promise<TestGroup> {
  counter++;
  const name = fields.name ?? `Group ${counter}`;
  const [row] = await t.database.db
    .insert(groups)
    .values({
      slug: `group-${counter}-${Math.random().toString(36).slice(2, 7)}`,
      name,
      isOpen: fields.isOpen ?? true,
    })
    .returning();
  return { id: row!.id, slug: row!.slug, name: row!.name, isOpen: row!.isOpen };
}

export async function addMembership(
  t: TestContext,
  group: TestGroup,
  userId: string,
  role: 'member' | 'facilitator' = 'member',
  status: 'active' | 'requested' | 'left' | 'removed' = 'active',
): Promise<void> {
  await t.database.db.insert(groupMemberships).values({ groupId: group.id, userId, role, status });
}

/** A facilitator of `group` with two-factor on. */
export async function createFacilitator(t: TestContext, group: TestGroup): Promise<SignedIn> {
  const person = await createSignedIn(t, { role: 'facilitator', totpEnabledAt: t.clock.now() });
  await addMembership(t, group, person.user.id, 'facilitator');
  return person;
}

export async function createMember(t: TestContext, group: TestGroup): Promise<SignedIn> {
  const person = await createSignedIn(t);
  await addMembership(t, group, person.user.id, 'member');
  return person;
}

/** A weekly in-person meeting body; override anything. */
export function meetingBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Tuesday Evening Hope',
    timezone: 'America/New_York',
    startTime: '19:00',
    durationMinutes: 60,
    startsOn: '2026-01-06',
    recurrence: { kind: 'weekly', days: ['TU'] },
    locationName: 'Hope Hall',
    address: '1 Main St, Springfield, MA 01101',
    latitude: 42.1015,
    longitude: -72.5898,
    types: ['O', 'D'],
    ...overrides,
  };
}

export interface Circles {
  open: TestGroup;
  closed: TestGroup;
  /** Facilitates `open`. */
  facilitator: SignedIn;
  closedFacilitator: SignedIn;
  /** An active member of `closed`. */
  member: SignedIn;
}

/** An open and a closed group, each with its own facilitator, and a member of the closed one. */
export async function createCircles(t: TestContext): Promise<Circles> {
  const open = await createGroup(t, { isOpen: true, name: 'Open Circle' });
  const closed = await createGroup(t, { isOpen: false, name: 'Closed Circle' });
  return {
    open,
    closed,
    facilitator: await createFacilitator(t, open),
    closedFacilitator: await createFacilitator(t, closed),
    member: await createMember(t, closed),
  };
}
