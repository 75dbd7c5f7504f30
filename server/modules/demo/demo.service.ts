import type { Db, DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  createSeries,
  EMPTY_DETAILS,
  type NewSeries,
} from '../meetings/meetings.series.service.ts';
import * as users from '../users/users.service.ts';
import { DEMO_DOMAIN, DEMO_PASSWORD, demoGroups, demoPeople } from './demo.content.ts';
import * as repo from './demo.repository.ts';

export interface DemoResult {
  seeded: boolean;
  summary: string;
}

const skipped: DemoResult = {
  seeded: false,
  summary: 'The database already has content: demo skipped.',
};

const isEmpty = async (db: DbOrTx) =>
  !(await users.hasAnyUser(db)) && !(await repo.hasAnyGroup(db));

/**
 * Fills an empty database (no people, no groups) with Iconocast's own demo content, in
 * one transaction. Does nothing when anything is already there.
 */
export async function seedDemo(db: Db, clock: Clock): Promise<DemoResult> {
  if (!(await isEmpty(db))) return skipped;
  // Checked, normalised and hashed like every account, before the transaction (slow on purpose).
  const people = await Promise.all(
    demoPeople.map(async (p) => ({
      key: p.key,
      role: p.role,
      account: await users.prepareAccount({
        email: `${p.key}@${DEMO_DOMAIN}`,
        password: DEMO_PASSWORD,
        displayName: p.displayName,
        pronouns: p.pronouns ?? null,
        timezone: p.timezone,
        locale: p.locale,
      }),
    })),
  );
  const now = clock.now();
  const today = now.toISOString().slice(0, 10);

  const counts = await db.transaction(async (tx) => {
    if (!(await isEmpty(tx))) return null;

    const ids = new Map<string, string>();
    for (const p of people) {
      const row = await users.createAccount(tx, p.account, {
        now,
        role: p.role,
        emailVerified: true,
      });
      ids.set(p.key, row.id);
    }
    const id = (key: string) => {
      const found = ids.get(key);
      if (!found) throw new Error(`Demo content names an unknown person: ${key}`);
      return found;
    };

    const groupIds = await repo.insertGroups(
      tx,
      demoGroups.map((g) => ({
        slug: g.slug,
        name: g.name,
        description: g.description,
        focusAreas: g.focusAreas,
        stage: g.stage,
        audience: g.audience,
        languages: g.languages,
        format: g.format,
        isOpen: g.isOpen,
        capacity: g.capacity,
        agreement: g.agreement,
        publicArea: g.publicArea ?? null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const memberships: repo.NewMembershipRow[] = [];
    const meetings: NewSeries[] = [];
    for (const g of demoGroups) {
      const groupId = groupIds.get(g.slug)!;
      const add = (
        keys: string[] | undefined,
        role: 'member' | 'facilitator',
        status: 'active' | 'requested',
      ) =>
        (keys ?? []).forEach((k) =>
          memberships.push({
            groupId,
            userId: id(k),
            role,
            status,
            createdAt: now,
            updatedAt: now,
          }),
        );
      add(g.facilitators, 'facilitator', 'active');
      add(g.members, 'member', 'active');
      add(g.requested, 'member', 'requested');
      for (const m of g.meetings) {
        // Through the editor's own validation: the rules derive attendance and the stored rule.
        meetings.push({
          groupId,
          slug: m.slug,
          prefix: `demo.${m.slug}`,
          fields: {
            ...EMPTY_DETAILS,
            name: m.name,
            timezone: m.timezone,
            startTime: m.startTime,
            durationMinutes: m.durationMinutes,
            startsOn: today,
            recurrence: m.recurrence,
            locationName: m.locationName ?? null,
            address: m.address ?? null,
            latitude: m.latitude ?? null,
            longitude: m.longitude ?? null,
            conferenceUrl: m.conferenceUrl ?? null,
            types: m.types,
            notes: m.notes ?? '',
          },
        });
      }
    }
    await repo.insertMemberships(tx, memberships);
    await createSeries(tx, now, meetings);
    const result = {
      people: demoPeople.length,
      groups: demoGroups.length,
      memberships: memberships.length,
      meetings: meetings.length,
    };
    await recordAudit(tx, clock, {
      actorId: null,
      subjectId: null,
      action: 'demo.seeded',
      resourceType: 'system',
      meta: result,
    });
    return result;
  });

  if (!counts) return skipped;
  return { seeded: true, summary: describe(counts) };
}

function describe(c: { people: number; groups: number; memberships: number; meetings: number }) {
  const staff = demoPeople.filter((p) => p.role !== 'member');
  const members = demoPeople.filter((p) => p.role === 'member');
  const line = (p: (typeof demoPeople)[number]) =>
    `  ${`${p.key}@${DEMO_DOMAIN}`.padEnd(32)} ${p.displayName} (${p.role})`;
  return [
    `Demo content added: ${c.groups} groups, ${c.meetings} meeting series, ${c.people} people, ${c.memberships} memberships.`,
    '',
    `Every demo account signs in with the password: ${DEMO_PASSWORD}`,
    ...staff.map(line),
    ...members.map(line),
    '',
    'Staff accounts are asked to turn on two-factor authentication before using staff tools',
    '(set ICONOCAST_STAFF_2FA=optional to skip that on a demo). The .invalid addresses cannot',
    'receive email, so password resets will not arrive for demo accounts.',
  ].join('\n');
}
