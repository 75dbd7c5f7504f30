import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  like,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { groupJoinRequests, groupMemberships, groups, users } from '../../db/schema/index.ts';

// The only code in the groups module that queries the database.

export type GroupRow = typeof groups.$inferSelect;
export type NewGroupRow = typeof groups.$inferInsert;
export type MembershipRow = typeof groupMemberships.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id (a UUID) or by slug; a string that is not a UUID is only ever a slug. */
export async function findGroupByIdOrSlug(
  db: DbOrTx,
  idOrSlug: string,
  options: { forUpdate?: boolean } = {},
): Promise<GroupRow | undefined> {
  const where = UUID.test(idOrSlug) ? eq(groups.id, idOrSlug) : eq(groups.slug, idOrSlug);
  const query = db.select().from(groups).where(where).limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Active plain members (facilitators do not take a place), per group. */
const memberCount = sql<number>`(
  select count(*)::int from ${groupMemberships} m
  where m.group_id = ${groups.id} and m.status = 'active' and m.role = 'member'
)`;

export type GroupWithCount = GroupRow & { memberCount: number };

/** A page of groups by name (then id, so pages never overlap), with their member counts. */
export async function listGroups(
  db: DbOrTx,
  page: { offset: number; limit: number },
): Promise<{ rows: GroupWithCount[]; total: number }> {
  const rows = await db
    .select({ group: groups, memberCount })
    .from(groups)
    .orderBy(asc(groups.name), asc(groups.id))
    .offset(page.offset)
    .limit(page.limit);
  const [totalRow] = await db.select({ total: count() }).from(groups);
  return {
    rows: rows.map((r) => ({ ...r.group, memberCount: Number(r.memberCount) })),
    total: Number(totalRow?.total ?? 0),
  };
}

/** Every group with its member count: the questionnaire scores them all. */
export async function listAllGroupsWithCounts(db: DbOrTx): Promise<GroupWithCount[]> {
  const rows = await db
    .select({ group: groups, memberCount })
    .from(groups)
    .orderBy(asc(groups.name), asc(groups.id));
  return rows.map((r) => ({ ...r.group, memberCount: Number(r.memberCount) }));
}

/** Active plain members of one group. */
export async function countActiveMembers(db: DbOrTx, groupId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(groupMemberships)
    .where(
      and(
        eq(groupMemberships.groupId, groupId),
        eq(groupMemberships.status, 'active'),
        eq(groupMemberships.role, 'member'),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Slugs equal to `base` or `base-<anything>`, to pick the next free one. */
export async function findSlugsLike(db: DbOrTx, base: string): Promise<string[]> {
  const rows = await db
    .select({ slug: groups.slug })
    .from(groups)
    .where(or(eq(groups.slug, base), like(groups.slug, `${base}-%`)));
  return rows.map((r) => r.slug);
}

export async function insertGroup(db: DbOrTx, values: NewGroupRow): Promise<GroupRow> {
  const [row] = await db.insert(groups).values(values).returning();
  return row!;
}

export async function updateGroup(
  db: DbOrTx,
  id: string,
  patch: Partial<Omit<NewGroupRow, 'id' | 'slug' | 'createdAt'>>,
): Promise<GroupRow> {
  const [row] = await db.update(groups).set(patch).where(eq(groups.id, id)).returning();
  return row!;
}

// ── memberships ─────────────────────────────────────────────────────────────

export async function findMembership(
  db: DbOrTx,
  groupId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(groupMemberships)
    .where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.userId, userId)))
    .limit(1);
  return row;
}

/** Creates the membership or replaces the state of the existing one. */
export async function upsertMembership(
  db: DbOrTx,
  values: typeof groupMemberships.$inferInsert,
): Promise<MembershipRow> {
  const [row] = await db
    .insert(groupMemberships)
    .values(values)
    .onConflictDoUpdate({
      target: [groupMemberships.groupId, groupMemberships.userId],
      set: {
        role: values.role,
        status: values.status,
        agreementAcceptedAt: values.agreementAcceptedAt,
        updatedAt: values.updatedAt,
      },
    })
    .returning();
  return row!;
}

export async function updateMembership(
  db: DbOrTx,
  groupId: string,
  userId: string,
  patch: Partial<Pick<MembershipRow, 'role' | 'status' | 'updatedAt' | 'agreementAcceptedAt'>>,
): Promise<MembershipRow> {
  const [row] = await db
    .update(groupMemberships)
    .set(patch)
    .where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.userId, userId)))
    .returning();
  return row!;
}

export async function deleteMembership(db: DbOrTx, groupId: string, userId: string) {
  await db
    .delete(groupMemberships)
    .where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.userId, userId)));
}

const person = {
  userId: users.id,
  displayName: users.displayName,
  pronouns: users.pronouns,
  showPronouns: users.showPronouns,
  role: groupMemberships.role,
  createdAt: groupMemberships.createdAt,
  agreementAcceptedAt: groupMemberships.agreementAcceptedAt,
};
export type PersonInGroup = {
  userId: string;
  displayName: string | null;
  pronouns: string | null;
  showPronouns: boolean;
  role: 'member' | 'facilitator';
  createdAt: Date;
  agreementAcceptedAt: Date | null;
};

export interface MemberListScope {
  /** Include people who show their profile to facilitators only (the viewer manages the group). */
  includeFacilitatorsOnly: boolean;
  /** Include suspended accounts (the viewer manages the group). */
  includeSuspended: boolean;
  /** The viewer, always included while active in the group. */
  viewerId: string;
}

/**
 * Active members of a group that the viewer may see, facilitators first, then by name.
 * The visibility rules are in the query, so hidden people are never loaded. Deleted
 * accounts never appear. A facilitator is shown whatever their setting: it is their role.
 */
export async function listVisibleMembers(
  db: DbOrTx,
  groupId: string,
  scope: MemberListScope,
): Promise<PersonInGroup[]> {
  const conditions: SQL[] = [
    eq(groupMemberships.groupId, groupId),
    eq(groupMemberships.status, 'active'),
    ne(users.status, 'deleted'),
    sql`${users.displayName} is not null`,
  ];
  if (!scope.includeSuspended) {
    conditions.push(or(ne(users.status, 'suspended'), eq(users.id, scope.viewerId))!);
  }
  if (!scope.includeFacilitatorsOnly) {
    conditions.push(
      or(
        eq(users.profileVisibility, 'group_members'),
        eq(groupMemberships.role, 'facilitator'),
        eq(users.id, scope.viewerId),
      )!,
    );
  }
  return db
    .select(person)
    .from(groupMemberships)
    .innerJoin(users, eq(users.id, groupMemberships.userId))
    .where(and(...conditions))
    .orderBy(
      sql`case when ${groupMemberships.role} = 'facilitator' then 0 else 1 end`,
      asc(users.displayName),
      asc(users.id),
    );
}

/** Requests waiting for a decision, oldest first; deleted and suspended accounts left out. */
export async function listRequests(
  db: DbOrTx,
  groupId: string,
): Promise<(PersonInGroup & { message: string | null })[]> {
  return db
    .select({ ...person, message: groupJoinRequests.message })
    .from(groupMemberships)
    .innerJoin(users, eq(users.id, groupMemberships.userId))
    .leftJoin(
      groupJoinRequests,
      and(
        eq(groupJoinRequests.groupId, groupMemberships.groupId),
        eq(groupJoinRequests.userId, groupMemberships.userId),
        isNull(groupJoinRequests.answer),
      ),
    )
    .where(
      and(
        eq(groupMemberships.groupId, groupId),
        eq(groupMemberships.status, 'requested'),
        eq(users.status, 'active'),
      ),
    )
    .orderBy(asc(groupMemberships.createdAt), asc(users.id));
}

/**
 * A group's facilitators as the public sees them: active facilitator memberships of active
 * people who still hold the facilitator (or admin) platform role.
 */
export async function listFacilitators(
  db: DbOrTx,
  groupId: string,
): Promise<{ userId: string; displayName: string }[]> {
  const rows = await db
    .select({ userId: users.id, displayName: users.displayName })
    .from(groupMemberships)
    .innerJoin(users, eq(users.id, groupMemberships.userId))
    .where(
      and(
        eq(groupMemberships.groupId, groupId),
        eq(groupMemberships.status, 'active'),
        eq(groupMemberships.role, 'facilitator'),
        eq(users.status, 'active'),
        inArray(users.role, ['facilitator', 'admin']),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id));
  return rows.flatMap((r) =>
    r.displayName ? [{ userId: r.userId, displayName: r.displayName }] : [],
  );
}

// ── join requests (the message while waiting, the answer afterwards) ────────────

export type JoinRequestRow = typeof groupJoinRequests.$inferSelect;

const waitingRequest = (groupId: string, userId: string) =>
  and(
    eq(groupJoinRequests.groupId, groupId),
    eq(groupJoinRequests.userId, userId),
    isNull(groupJoinRequests.answer),
  );

/** Records a new waiting request (replacing any earlier waiting one). */
export async function insertJoinRequest(
  db: DbOrTx,
  values: { groupId: string; userId: string; message: string | null; createdAt: Date },
): Promise<void> {
  await db.delete(groupJoinRequests).where(waitingRequest(values.groupId, values.userId));
  await db.insert(groupJoinRequests).values(values);
}

/** A withdrawn request leaves nothing behind. */
export async function deleteWaitingJoinRequest(
  db: DbOrTx,
  groupId: string,
  userId: string,
): Promise<void> {
  await db.delete(groupJoinRequests).where(waitingRequest(groupId, userId));
}

/**
 * Records the answer to the waiting request and forgets its message (it was for the
 * decision). A request from before messages were kept gets an answered row of its own.
 */
export async function answerJoinRequest(
  db: DbOrTx,
  values: {
    groupId: string;
    userId: string;
    answer: 'approved' | 'declined';
    answeredAt: Date;
    requestedAt: Date;
  },
): Promise<void> {
  const updated = await db
    .update(groupJoinRequests)
    .set({ answer: values.answer, answeredAt: values.answeredAt, message: null })
    .where(waitingRequest(values.groupId, values.userId))
    .returning({ id: groupJoinRequests.id });
  if (updated.length > 0) return;
  await db.insert(groupJoinRequests).values({
    groupId: values.groupId,
    userId: values.userId,
    message: null,
    createdAt: values.requestedAt,
    answer: values.answer,
    answeredAt: values.answeredAt,
  });
}

/** A person's requests (waiting and answered) with their groups, newest first. */
export async function listJoinRequestsOf(db: DbOrTx, userId: string) {
  return db
    .select({
      id: groupJoinRequests.id,
      groupId: groups.id,
      groupSlug: groups.slug,
      groupName: groups.name,
      message: groupJoinRequests.message,
      createdAt: groupJoinRequests.createdAt,
      answer: groupJoinRequests.answer,
      answeredAt: groupJoinRequests.answeredAt,
    })
    .from(groupJoinRequests)
    .innerJoin(groups, eq(groups.id, groupJoinRequests.groupId))
    .where(eq(groupJoinRequests.userId, userId))
    .orderBy(desc(groupJoinRequests.createdAt), desc(groupJoinRequests.id));
}

export async function deleteJoinRequestsOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(groupJoinRequests).where(eq(groupJoinRequests.userId, userId));
}

/** A person's memberships in any state, with their groups, by group name. */
export async function listMembershipsOf(db: DbOrTx, userId: string) {
  return db
    .select({ group: groups, membership: groupMemberships })
    .from(groupMemberships)
    .innerJoin(groups, eq(groups.id, groupMemberships.groupId))
    .where(eq(groupMemberships.userId, userId))
    .orderBy(asc(groups.name), asc(groups.id));
}

/** Requests waiting in each of these groups (active accounts only, as the list shows them). */
export async function countWaitingRequests(
  db: DbOrTx,
  groupIds: readonly string[],
): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .select({ groupId: groupMemberships.groupId, n: count() })
    .from(groupMemberships)
    .innerJoin(users, eq(users.id, groupMemberships.userId))
    .where(
      and(
        inArray(groupMemberships.groupId, [...groupIds]),
        eq(groupMemberships.status, 'requested'),
        eq(users.status, 'active'),
      ),
    )
    .groupBy(groupMemberships.groupId);
  return new Map(rows.map((r) => [r.groupId, Number(r.n)]));
}

/** Open groups with room, newest first: suggestions for someone with no group yet. */
export async function listOpenGroupsWithRoom(db: DbOrTx, limit: number): Promise<GroupRow[]> {
  return db
    .select()
    .from(groups)
    .where(
      and(
        eq(groups.isOpen, true),
        or(sql`${groups.capacity} is null`, sql`${groups.capacity} > ${memberCount}`),
      ),
    )
    .orderBy(desc(groups.createdAt), asc(groups.id))
    .limit(limit);
}
