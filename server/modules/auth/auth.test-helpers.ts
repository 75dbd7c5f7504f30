import type { LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import type { TestContext } from '../../test/harness.ts';
import { sessionCookieName } from '../../plugins/session-cookie.ts';

// Helpers for the auth route tests: real requests through app.inject().

let counter = 0;

/** A distinct client address per call, so per-IP limits do not couple unrelated tests. */
export function nextIp(): string {
  counter++;
  return `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
}

export const STRONG_PASSWORD = 'a quiet walk by the river';

export function uniqueEmail(prefix = 'member'): string {
  counter++;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.org`;
}

export interface Browser {
  cookie: string;
  csrfToken: string;
  /** Headers for a signed-in request. */
  headers: Record<string, string>;
}

/** The session cookie a response set, as a `Cookie` header value. */
export function cookieFrom(t: TestContext, res: LightMyRequestResponse): string {
  const name = sessionCookieName(t.config);
  const found = res.cookies.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} cookie in the response (${res.statusCode})`);
  return `${name}=${found.value}`;
}

export function browserFrom(t: TestContext, res: LightMyRequestResponse): Browser {
  const cookie = cookieFrom(t, res);
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

export function signUpRequest(
  t: TestContext,
  body: Record<string, unknown> = {},
  ip: string = nextIp(),
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-up',
    remoteAddress: ip,
    payload: {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      displayName: 'Sam R.',
      timezone: 'Europe/London',
      ...body,
    },
  });
}

/** Waits for the work done after answering (emails, sign-up accounts). */
export const settle = (t: TestContext) => t.app.backgroundTasks.idle();

/** The token of the newest emailed link to `path` (e.g. `/sign-in-link`) sent to `email`. */
export function linkTokenFor(t: TestContext, email: string, path: string): string | null {
  const sent = [...t.mailer.sent].reverse().find((e) => e.to === email.toLowerCase());
  const escaped = path.replace(/[/-]/g, '\\$&');
  const match = sent && new RegExp(`${escaped}\\?token=([A-Za-z0-9_-]+)`).exec(sent.text);
  return match ? match[1]! : null;
}

/** POST /api/auth/sign-in-link with an emailed token. */
export function signInWithLink(t: TestContext, token: string, ip: string = nextIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in-link',
    remoteAddress: ip,
    payload: { token },
  });
}

/**
 * Signs a new member up and opens the emailed link that finishes it; returns their email
 * and the browser holding the session.
 */
export async function signUp(
  t: TestContext,
  body: Record<string, unknown> = {},
): Promise<{ email: string; password: string; browser: Browser; userId: string }> {
  const email = (body.email as string | undefined) ?? uniqueEmail();
  const password = (body.password as string | undefined) ?? STRONG_PASSWORD;
  const res = await signUpRequest(t, { ...body, email, password });
  if (res.statusCode !== 202) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  await settle(t);
  const token = linkTokenFor(t, email, '/sign-in-link');
  if (!token) throw new Error(`no sign-up link was emailed to ${email}`);
  const opened = await signInWithLink(t, token);
  if (opened.statusCode !== 200) {
    throw new Error(`sign-up link failed: ${opened.statusCode} ${opened.body}`);
  }
  return {
    email,
    password,
    browser: browserFrom(t, opened),
    userId: (opened.json() as { user: { id: string } }).user.id,
  };
}

export function signInRequest(
  t: TestContext,
  email: string,
  password: string,
  opts: { ip?: string; headers?: Record<string, string> } = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress: opts.ip ?? nextIp(),
    headers: opts.headers,
    payload: { email, password },
  });
}

/** GET /api/auth/session as this browser. */
export async function sessionOf(t: TestContext, browser: Browser | null) {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/auth/session',
    headers: browser ? { cookie: browser.cookie } : {},
  });
  return res.json() as {
    user: { id: string; twoFactorEnabled: boolean } | null;
    csrfToken: string | null;
  };
}

/** The current code for a base32 secret at the test clock's time. */
export function totpCode(secret: string, at: Date): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
    timestamp: at.getTime(),
  });
}

/** A code that is certainly not valid now (nor one step either side). */
export function wrongTotpCode(secret: string, at: Date): string {
  const valid = new Set(
    [-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(at.getTime() + d))),
  );
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** Words no email from us may contain: an inbox can be shared. */
export const HEALTH_WORDS =
  /recover|relapse|addict|sobri|sober|alcohol|drug|mental|therap|craving|trigger|support group|check-in|journal|setback|crisis/i;
