import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAIL_FROM } from './mailer.ts';

/** Everything the server reads from its environment, parsed once. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  /** A PostgreSQL server; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  /** Where emails go when there is no SMTP server. */
  outboxDir: string;
  /** MAIL_FROM: the address emails come from unless the organisation sets its own. */
  mailFrom: string;
  sessionSecret: string;
  logLevel: string;
  isProduction: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  /** Staff (facilitators, admins) must turn on two-factor before staff actions. */
  requireStaffTwoFactor: boolean;
  /** Per-account failed sign-ins allowed per hour before the account is throttled. */
  loginFailuresPerHour: number;
  /** Prefix of every Redis key (several deployments, or test servers, can share one Redis). */
  redisPrefix: string;
  /**
   * Whose X-Forwarded-For to believe: nobody (false, the default in every NODE_ENV), a list
   * of proxy addresses or CIDR ranges, or every hop (true: only when nothing but the proxy
   * can reach the server). Believing a client's header would let it escape per-IP limits.
   */
  trustProxy: boolean | string[];
  /**
   * Run scheduled jobs (reminders, delayed emails) with pg-boss in this process. On by
   * default; the test harness turns it off unless a test asks (pg-boss startup costs time).
   */
  jobs: boolean;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  ICONOCAST_DATA_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.email().default(DEFAULT_MAIL_FROM),
  SESSION_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  ICONOCAST_STAFF_2FA: z.enum(['required', 'optional']).default('required'),
  ICONOCAST_LOGIN_FAILURES_PER_HOUR: z.coerce.number().int().min(5).max(10_000).default(100),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(true|false|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
      'true, false, or a comma-separated list of proxy addresses or CIDR ranges',
    )
    .optional(),
  ICONOCAST_REDIS_PREFIX: z.string().max(100).default('iconocast:'),
  ICONOCAST_JOBS: z.enum(['on', 'off']).default('on'),
});

/** Reads the session secret from the data dir, creating it once when it is absent. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((v) => v.trim());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ICONOCAST_DATA_DIR ?? 'data');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir,
    smtpUrl: e.SMTP_URL,
    outboxDir: path.join(dataDir, 'outbox'),
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    isProduction: e.NODE_ENV === 'production',
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    requireStaffTwoFactor: e.ICONOCAST_STAFF_2FA === 'required',
    loginFailuresPerHour: e.ICONOCAST_LOGIN_FAILURES_PER_HOUR,
    redisPrefix: e.ICONOCAST_REDIS_PREFIX,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    jobs: e.ICONOCAST_JOBS === 'on',
  };
}
