import type { Db, DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { findUserById } from '../users/users.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { exportRecoveryCodes } from '../auth/auth.personal-data.ts';
import { exportJoinRequests } from '../groups/groups.personal-data.ts';
import { exportInvitations } from '../invitations/invitations.personal-data.ts';
import {
  exportCalendarFeed,
  exportChangeRequests,
  exportMeetings,
} from '../meetings/meetings.personal-data.ts';
import { exportRooms } from '../rooms/rooms.personal-data.ts';
import * as repo from './account.repository.ts';

/** Data an export section returns: plain JSON values (Dates become ISO strings). */
export type ExportValue = unknown;

/**
 * One part of "everything the platform holds about me". Each module that stores personal
 * data adds a section (journals, check-ins, …) with `registerExportSection`. `collect`
 * runs inside the export's transaction, so every section sees the same moment.
 */
export interface ExportSection {
  /** The key under which the section appears in the file, e.g. `checkIns`. */
  name: string;
  /**
   * The tables (SQL names) whose rows about the person this section exports. A test reads
   * the schema and fails on a table referring to people that no section covers.
   */
  tables: readonly string[];
  collect(db: DbOrTx, userId: string, ctx: ExportContext): Promise<ExportValue>;
}

export interface ExportContext {
  /** The export's moment, from the injected clock. */
  now: Date;
}

export const EXPORT_FORMAT = 'iconocast-export/1' as const;
const RESERVED = new Set(['format', 'exportedAt']);

/**
 * The sections in file order. The built-in ones cover the tables that exist today;
 * later modules append theirs.
 */
export const exportSections: ExportSection[] = [
  {
    name: 'profile',
    tables: ['users'],
    async collect(db, userId) {
      const user = await findUserById(db, userId);
      if (!user) return null;
      // Every column except the two secrets, so a column added later is exported too.
      const { passwordHash: _hash, totpSecret: _secret, ...rest } = user;
      return { ...rest, twoFactorEnabled: user.totpEnabledAt !== null };
    },
  },
  {
    name: 'sessions',
    tables: ['sessions'],
    collect: (db, userId) => repo.listSessionsForExport(db, userId),
  },
  {
    name: 'groupMemberships',
    tables: ['group_memberships'],
    collect: (db, userId) => repo.listMembershipsWithGroups(db, userId),
  },
  {
    name: 'joinRequests',
    tables: ['group_join_requests'],
    collect: (db, userId) => exportJoinRequests(db, userId),
  },
  {
    // Details only for groups where the membership is active; the policy decides what shows.
    name: 'meetings',
    tables: [],
    collect: (db, userId) => exportMeetings(db, userId),
  },
  {
    name: 'meetingChangeRequests',
    tables: ['meeting_change_requests'],
    collect: (db, userId) => exportChangeRequests(db, userId),
  },
  {
    name: 'calendarFeed',
    tables: ['calendar_feeds'],
    collect: (db, userId) => exportCalendarFeed(db, userId),
  },
  {
    name: 'rooms',
    tables: ['room_messages', 'room_reactions', 'room_participants'],
    collect: (db, userId) => exportRooms(db, userId),
  },
  {
    name: 'auditEvents',
    tables: ['audit_events'],
    collect: (db, userId) => repo.listAllAuditEventsInvolving(db, userId),
  },
  {
    name: 'recoveryCodes',
    tables: ['recovery_codes'],
    collect: (db, userId) => exportRecoveryCodes(db, userId),
  },
  {
    name: 'pendingTokens',
    tables: ['auth_tokens'],
    collect: (db, userId, { now }) => repo.listPendingTokens(db, userId, now),
  },
  {
    name: 'invitations',
    tables: ['invitations'],
    async collect(db, userId) {
      const user = await findUserById(db, userId);
      return exportInvitations(db, userId, user?.email ?? null);
    },
  },
];

/** Adds a section (at the end); returns a function that removes it again (for tests). */
export function registerExportSection(section: ExportSection): () => void {
  if (RESERVED.has(section.name) || exportSections.some((s) => s.name === section.name)) {
    throw new Error(`Export section "${section.name}" is already taken.`);
  }
  exportSections.push(section);
  return () => {
    const i = exportSections.indexOf(section);
    if (i >= 0) exportSections.splice(i, 1);
  };
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  [section: string]: unknown;
}

/** Collects every section in one transaction and records `account.exported` with it. */
export async function exportAccount(
  deps: { db: Db; clock: Clock },
  userId: string,
): Promise<ExportDocument> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const doc: ExportDocument = { format: EXPORT_FORMAT, exportedAt: now.toISOString() };
    for (const section of exportSections) {
      doc[section.name] = toJson(await section.collect(tx, userId, { now }));
    }
    await recordAudit(tx, deps.clock, {
      actorId: userId,
      subjectId: userId,
      action: 'account.exported',
      resourceType: 'user',
      resourceId: userId,
      meta: { sections: exportSections.length },
    });
    return doc;
  });
}

/** Dates to ISO strings, recursively, so the file reads the same whatever the driver returns. */
function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}
