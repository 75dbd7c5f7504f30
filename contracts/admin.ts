import { z } from 'zod';
import { Role } from './auth.ts';
import { Timestamp } from './common.ts';

export const AdminUserView = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: Role,
  status: z.enum(['active', 'suspended', 'deleted']),
  twoFactorEnabled: z.boolean(),
  createdAt: Timestamp,
});
export type AdminUserView = z.infer<typeof AdminUserView>;

export const AdminUserQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: Role.optional(),
  status: z.enum(['active', 'suspended']).optional(),
  /** Page through with the last id seen. */
  after: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type AdminUserQuery = z.infer<typeof AdminUserQuery>;

export const AdminUserPage = z.object({
  users: z.array(AdminUserView),
  nextCursor: z.string().nullable(),
});
export type AdminUserPage = z.infer<typeof AdminUserPage>;

export const SetRoleBody = z.object({ role: Role });
export type SetRoleBody = z.infer<typeof SetRoleBody>;
export const SuspendBody = z.object({ reason: z.string().trim().max(500).optional() });
export type SuspendBody = z.infer<typeof SuspendBody>;

export const AuditQuery = z.object({
  actorId: z.uuid().optional(),
  subjectId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBrokenId: z.number().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const UserIdParams = z.object({ id: z.uuid() });
export const AuditRange = z.object({ from: Timestamp.optional(), to: Timestamp.optional() });
