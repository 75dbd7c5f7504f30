/**
 * Seeding through the real HTTP API for browser journeys: a signed-in client with its
 * cookie and CSRF token, two-factor turned on with otpauth, people, groups and meetings.
 */
import * as OTPAuth from 'otpauth';
import { findEmailLink, type RunningServer } from './harness.ts';

export const totpCode = (secret: string, timestamp = Date.now()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp });

export interface ApiClient {
  userId: string;
  /** The two-factor secret, once turned on. */
  totpSecret: string | null;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

async function call(
  server: RunningServer,
  method: string,
  path: string,
  body: unknown,
  cookie: string,
  csrf: string,
): Promise<{ status: number; data: unknown; setCookie: string | null }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  return { status: res.status, data, setCookie: res.headers.get('set-cookie') };
}

const cookieFrom = (setCookie: string | null) => (setCookie ?? '').split(';')[0] ?? '';

/** Signs in (with a code when two-factor is on) and returns a client for that person. */
export async function signInApi(
  server: RunningServer,
  email: string,
  password: string,
  totpSecret: string | null = null,
): Promise<ApiClient> {
  let r = await call(server, 'POST', '/auth/sign-in', { email, password }, '', '');
  let data = r.data as { user?: { id: string }; csrfToken?: string; challenge?: string };
  let cookie = cookieFrom(r.setCookie);
  if (data.challenge && totpSecret) {
    // The code used to turn two-factor on cannot be replayed: take the next step's.
    r = await call(
      server,
      'POST',
      '/auth/two-factor',
      { challenge: data.challenge, code: totpCode(totpSecret, Date.now() + 30_000) },
      '',
      '',
    );
    data = r.data as typeof data;
    cookie = cookieFrom(r.setCookie);
  }
  if (!data.user || !data.csrfToken) throw new Error(`sign-in failed: ${JSON.stringify(r.data)}`);
  return clientFor(server, data.user.id, cookie, data.csrfToken, totpSecret);
}

function clientFor(
  server: RunningServer,
  userId: string,
  cookie: string,
  csrf: string,
  totpSecret: string | null,
): ApiClient {
  return {
    userId,
    totpSecret,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const r = await call(server, method, path, body, cookie, csrf);
      if (r.status >= 400)
        throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.data)}`);
      return r.data as T;
    },
  };
}

/**
 * Signs a new person up through the API: sign-up answers 202 for every email, and the
 * emailed link (sent after answering) finishes the account and signs in.
 */
export async function signUpApi(
  server: RunningServer,
  person: { email: string; password: string; displayName: string; timezone?: string },
): Promise<ApiClient> {
  const asked = await call(
    server,
    'POST',
    '/auth/sign-up',
    { timezone: 'Europe/London', ...person },
    '',
    '',
  );
  if (asked.status !== 202) {
    throw new Error(`sign-up failed: ${asked.status} ${JSON.stringify(asked.data)}`);
  }
  const token = await emailedLinkToken(server, person.email, '/sign-in-link');
  const r = await call(server, 'POST', '/auth/sign-in-link', { token }, '', '');
  const data = r.data as { user?: { id: string }; csrfToken?: string };
  if (r.status !== 200 || !data.user || !data.csrfToken)
    throw new Error(`sign-up link failed: ${r.status} ${JSON.stringify(r.data)}`);
  return clientFor(server, data.user.id, cookieFrom(r.setCookie), data.csrfToken, null);
}

/** The token of the newest link to `pathname` emailed to `to`, waiting up to 10 s for it. */
export async function emailedLinkToken(
  server: RunningServer,
  to: string,
  pathname: string,
): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const link = findEmailLink(server, to, pathname);
    const token = link && new URL(link).searchParams.get('token');
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${pathname} link was emailed to ${to}`);
}

/**
 * Turns on two-factor for the client's person (it asks for their password); the same session
 * goes on working. A later
 * sign-in needs the NEXT time step's code (`totpCode(secret, Date.now() + 30_000)`): the one
 * used here cannot be replayed.
 */
export async function enableTwoFactorApi(client: ApiClient, password: string): Promise<ApiClient> {
  const setup = await client.request<{ secret: string }>('POST', '/auth/two-factor/setup');
  await client.request('POST', '/auth/two-factor/enable', {
    password,
    code: totpCode(setup.secret),
  });
  return { ...client, totpSecret: setup.secret };
}

/** A date `YYYY-MM-DD` some days before today (UTC): a series that has already begun. */
export const daysAgo = (n: number) =>
  new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
