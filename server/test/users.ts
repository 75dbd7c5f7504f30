import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { users, type UserRow } from '../db/schema/index.ts';
import { hashPassword } from '../lib/passwords.ts';
import { sessionCookieName } from '../plugins/session-cookie.ts';
import type { TestContext } from './harness.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface SignedIn {
  user: UserRow;
  /** Send with `inject`: the session cookie and the CSRF header. */
  headers: Record<string, string>;
  /** `app.inject` with this person's cookie and CSRF token already set. */
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** Inserts a person straight into the database (password: TEST_PASSWORD). */
export async function createUser(
  t: TestContext,
  fields: Partial<typeof users.$inferInsert> = {},
): Promise<UserRow> {
  counter++;
  const [user] = await t.database.db
    .insert(users)
    .values({
      email: `person${counter}-${Date.now()}@example.org`,
      displayName: `Person ${counter}`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      timezone: 'Europe/London',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
      ...fields,
    })
    .returning();
  return user!;
}

/** A session for `user`, without going through the sign-in route. */
export async function signInAs(t: TestContext, user: UserRow): Promise<SignedIn> {
  const { token, session } = await t.app.sessions.create(user.id, {
    userAgent: 'vitest',
    ip: '127.0.0.1',
  });
  const headers = {
    cookie: `${sessionCookieName(t.config)}=${token}`,
    'x-csrf-token': session.csrfToken,
  };
  return {
    user,
    headers,
    request: (opts) => t.app.inject({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) } }),
  };
}

/** Creates a person with the given fields and signs them in. */
export async function createSignedIn(
  t: TestContext,
  fields: Partial<typeof users.$inferInsert> = {},
): Promise<SignedIn> {
  return signInAs(t, await createUser(t, fields));
}
