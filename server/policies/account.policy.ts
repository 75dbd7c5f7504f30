import type { Actor } from './actor.ts';
import { allow, deny, type Decision } from './decision.ts';

/** Anything that belongs to one person (their account, settings, sessions). */
export interface Owned {
  ownerId: string;
}

/** Deleting an account also needs to know whether it is the last active admin. */
export interface AccountDeletion extends Owned {
  isLastActiveAdmin: boolean;
}

/** Reading or changing an account: its owner only. Anyone else gets "not found", admins too. */
export function canUseOwnAccount(actor: Actor | null, account: Owned): Decision {
  if (!actor) return deny.unauthenticated();
  if (account.ownerId !== actor.userId) return deny.notFound('That account');
  return allow;
}

export function canDeleteAccount(actor: Actor | null, account: AccountDeletion): Decision {
  const own = canUseOwnAccount(actor, account);
  if (!own.ok) return own;
  if (account.isLastActiveAdmin) {
    return deny.conflict(
      'You are the only admin. Make someone else an admin before deleting your account.',
    );
  }
  return allow;
}
