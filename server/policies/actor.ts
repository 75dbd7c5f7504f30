import type { UserRow } from '../db/schema/index.ts';

export type PlatformRole = UserRow['role'];

/** Who is asking: built once per request (and once per socket) from the session. */
export interface Actor {
  userId: string;
  role: PlatformRole;
  twoFactorEnabled: boolean;
  sessionId: string;
}

export function actorFromUser(
  user: { id: string; role: PlatformRole; twoFactorEnabled: boolean },
  sessionId: string,
): Actor {
  return { userId: user.id, role: user.role, twoFactorEnabled: user.twoFactorEnabled, sessionId };
}
