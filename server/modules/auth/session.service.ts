import type { Clock } from '../../lib/clock.ts';
import type { Config } from '../../lib/config.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { SessionRow, UserRow } from '../../db/schema/index.ts';
import * as repo from './session.repository.ts';

/** Activity is written back at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionMeta {
  userAgent: string | null;
  ip: string | null;
}

/**
 * What `request.user` holds: what requests need, nothing that could sign in as the person.
 * The `never` fields make handing it a whole users row a type error.
 */
export interface SessionUser {
  id: string;
  role: UserRow['role'];
  locale: string;
  timezone: string;
  twoFactorEnabled: boolean;
  passwordHash?: never;
  totpSecret?: never;
  email?: never;
}

export interface ResolvedSession {
  session: SessionRow;
  user: SessionUser;
}

/** Creates, resolves and ends browser sessions with idle and absolute time-outs. */
export class SessionService {
  constructor(
    private readonly db: DbOrTx,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'session'>,
  ) {}

  private get idleMs() {
    return this.config.session.idleMinutes * 60_000;
  }

  /** A new session with a new id (never reuses one, so sign-in cannot be fixated). */
  async create(
    userId: string,
    meta: SessionMeta,
    db: DbOrTx = this.db,
  ): Promise<{ token: string; session: SessionRow }> {
    const token = newToken();
    const now = this.clock.now();
    const session: SessionRow = {
      id: hashToken(token),
      userId,
      csrfToken: newToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.absoluteHours * 3_600_000),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip,
    };
    await repo.insertSession(db, session);
    return { token, session };
  }

  /** The live session for a cookie token, or undefined (expired ones are removed). */
  async resolve(token: string): Promise<ResolvedSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const found = await repo.findSessionWithUser(this.db, hashToken(token));
    if (!found) return undefined;
    const now = this.clock.now();
    const { session, user } = found;
    const idleExpired = now.getTime() - session.lastSeenAt.getTime() > this.idleMs;
    if (idleExpired || now >= session.expiresAt || user.status !== 'active') {
      await repo.deleteSession(this.db, session.id);
      return undefined;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await repo.touchSession(this.db, session.id, now);
      session.lastSeenAt = now;
    }
    return {
      session,
      user: {
        id: user.id,
        role: user.role,
        locale: user.locale,
        timezone: user.timezone,
        twoFactorEnabled: user.totpEnabledAt !== null,
      },
    };
  }

  /** When the session ends if nothing more happens. */
  endsAt(session: SessionRow): Date {
    return new Date(
      Math.min(session.lastSeenAt.getTime() + this.idleMs, session.expiresAt.getTime()),
    );
  }

  end(sessionId: string, db: DbOrTx = this.db): Promise<void> {
    return repo.deleteSession(db, sessionId);
  }

  endOne(userId: string, sessionId: string, db: DbOrTx = this.db): Promise<boolean> {
    return repo.deleteUserSession(db, userId, sessionId);
  }

  endAll(userId: string, keepSessionId: string | null, db: DbOrTx = this.db): Promise<void> {
    return repo.deleteUserSessions(db, userId, keepSessionId);
  }

  list(userId: string): Promise<SessionRow[]> {
    return repo.listUserSessions(this.db, userId);
  }

  purgeExpired(): Promise<void> {
    const now = this.clock.now();
    return repo.deleteExpiredSessions(this.db, now, new Date(now.getTime() - this.idleMs));
  }
}
