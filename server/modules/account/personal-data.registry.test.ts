import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema/index.ts';
import { deletionSteps, handledOutsideSteps } from './deletion.service.ts';
import { exportSections } from './export.service.ts';

// Makes forgetting impossible: every table that refers to a person must be exported and
// deleted (or be listed, with a reason, as handled outside the steps or kept de-identified).

const tables: PgTable[] = (Object.values(schema) as unknown[]).filter(
  (v): v is PgTable => v instanceof PgTable,
);

/** Column names that name a person: `user_id`, `requester_id`, `decided_by_id`, `actor_id`… */
const PERSON_COLUMN =
  /(^|_)(user|actor|subject|requester|author|owner|person|member)_id$|_by(_id)?$/;

/** SQL names of the tables with a column referring to people (and `users` itself). */
function tablesReferringToPeople(all: readonly PgTable[] = tables): string[] {
  const usersName = getTableConfig(schema.users).name;
  return all
    .map((table) => getTableConfig(table))
    .filter(
      (config) =>
        config.name === usersName ||
        config.foreignKeys.some(
          (fk) => getTableConfig(fk.reference().foreignTable).name === usersName,
        ) ||
        config.columns.some((c) => PERSON_COLUMN.test(c.name)),
    )
    .map((config) => config.name)
    .sort();
}

/** Tables referring to people that lack an export section or a deletion step. */
function gaps(
  sections: readonly { tables: readonly string[] }[],
  steps: readonly { tables: readonly string[] }[],
  outside: Readonly<Record<string, string>>,
): string[] {
  const exported = new Set(sections.flatMap((s) => s.tables));
  const deleted = new Set(steps.flatMap((s) => s.tables));
  const problems: string[] = [];
  for (const name of tablesReferringToPeople()) {
    if (!exported.has(name)) problems.push(`${name}: no export section`);
    const reason = outside[name]?.trim() ?? '';
    if (!deleted.has(name) && reason.length < 20) {
      problems.push(`${name}: no deletion step, and no written reason it is handled elsewhere`);
    }
  }
  return problems;
}

describe('personal data registries', () => {
  it('finds the tables that refer to people in the schema', () => {
    const found = tablesReferringToPeople();
    // A floor, not the list: tables added later are found by the same rule.
    for (const name of [
      'users',
      'sessions',
      'auth_tokens',
      'group_memberships',
      'meeting_change_requests',
      'calendar_feeds',
      'audit_events',
    ]) {
      expect(found).toContain(name);
    }
    expect(found).not.toContain('meetings');
    expect(found).not.toContain('groups');
  });

  it('has an export section and a deletion step (or a reason) for every one of them', () => {
    expect(gaps(exportSections, deletionSteps, handledOutsideSteps)).toEqual([]);
  });

  it('fails when a registry entry is missing', () => {
    const withoutFeedExport = exportSections.filter((s) => s.name !== 'calendarFeed');
    expect(gaps(withoutFeedExport, deletionSteps, handledOutsideSteps)).toEqual([
      'calendar_feeds: no export section',
    ]);
    const withoutRequestDeletion = deletionSteps.filter((s) => s.name !== 'meetingChangeRequests');
    expect(gaps(exportSections, withoutRequestDeletion, handledOutsideSteps)).toEqual([
      'meeting_change_requests: no deletion step, and no written reason it is handled elsewhere',
    ]);
    const { audit_events: _kept, ...withoutReason } = handledOutsideSteps;
    expect(gaps(exportSections, deletionSteps, withoutReason)).toEqual([
      'audit_events: no deletion step, and no written reason it is handled elsewhere',
    ]);
  });

  it('names only tables that exist', () => {
    const names = new Set(tables.map((t) => getTableConfig(t).name));
    for (const name of [
      ...exportSections.flatMap((s) => s.tables),
      ...deletionSteps.flatMap((s) => s.tables),
      ...Object.keys(handledOutsideSteps),
    ]) {
      expect(names, name).toContain(name);
    }
  });
});
