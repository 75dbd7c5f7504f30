import type { z } from 'zod';
import type { Me, SetupBody } from '../../../contracts/auth.ts';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { SessionMeta, SessionService } from '../auth/session.service.ts';
import { presentMe } from '../account/account.presenter.ts';
import {
  createAccount,
  hasActiveAdmin,
  lockAdminSet,
  prepareAccount,
} from '../users/users.service.ts';

export const setupComplete = () =>
  new AppError(409, 'setup_complete', 'Iconocast is already set up. Please sign in instead.');

/** The first run: creating the organisation's first admin while none exists. */
export class SetupService {
  constructor(
    private readonly deps: Pick<AppDeps, 'config' | 'database' | 'clock'>,
    private readonly sessions: SessionService,
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  async status(): Promise<{ required: boolean }> {
    return { required: !(await hasActiveAdmin(this.db)) };
  }

  /**
   * Creates the first admin and a session for them. Race-safe: the admin-set lock makes
   * concurrent calls queue, and each re-checks after taking it, so only one admin is made.
   */
  async createFirstAdmin(
    body: z.infer<typeof SetupBody>,
    meta: SessionMeta,
  ): Promise<{ user: Me; token: string; csrfToken: string }> {
    // Cheap answers first: no hashing once setup is done.
    if (await hasActiveAdmin(this.db)) throw setupComplete();
    const account = await prepareAccount(body);
    const { clock, config } = this.deps;

    return this.db.transaction(async (tx) => {
      await lockAdminSet(tx);
      if (await hasActiveAdmin(tx)) throw setupComplete();
      const user = await createAccount(tx, account, { now: clock.now(), role: 'admin' });
      const { token, session } = await this.sessions.create(user.id, meta, tx);
      await recordAudit(tx, clock, {
        actorId: user.id,
        subjectId: user.id,
        action: 'setup.first_admin_created',
        resourceType: 'user',
        resourceId: user.id,
      });
      return {
        user: presentMe(user, { requireStaffTwoFactor: config.requireStaffTwoFactor }),
        token,
        csrfToken: session.csrfToken,
      };
    });
  }
}
