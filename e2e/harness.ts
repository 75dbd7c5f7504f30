import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '..');

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed. */
  output: () => string;
  /** Emails written to the outbox (no SMTP in tests), newest last, as raw text. */
  outbox: () => string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A fresh database name on the server named by DATABASE_URL, when it is set. */
async function freshDatabaseUrl(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const name = `iconocast_e2e_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Starts the real server (`iconocast serve`) on a free port with its own data directory.
 * Pass `dataDir` to restart on the same data; `args` such as `['--demo']`.
 */
export async function startServer(
  opts: {
    dataDir?: string;
    args?: string[];
    env?: Record<string, string>;
    databaseUrl?: string;
  } = {},
): Promise<RunningServer & { databaseUrl?: string }> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'iconocast-e2e-'));
  const databaseUrl = opts.databaseUrl ?? (opts.dataDir ? undefined : await freshDatabaseUrl());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    ICONOCAST_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // Shared limits live in Redis when REDIS_URL is set: each test server gets its own keys.
    ICONOCAST_REDIS_PREFIX: `e2e-${randomBytes(4).toString('hex')}:`,
    ...opts.env,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/iconocast.mjs'), 'serve', ...(opts.args ?? [])],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    databaseUrl,
    process: child,
    output: () => out,
    outbox: () => {
      try {
        const dir = path.join(dataDir, 'outbox');
        return readdirSync(dir)
          .sort()
          .map((f) => readFileSync(path.join(dir, f), 'utf8'));
      } catch {
        return [];
      }
    },
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** Removes a data directory made by `startServer`. */
export const removeDataDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized or desktop context; records every request to a host other than ours. */
export async function newContext(
  browser: Browser,
  server: RunningServer,
  opts: { phone?: boolean; dark?: boolean; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; foreignRequests: string[] }> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    colorScheme: opts.dark ? 'dark' : 'light',
    timezoneId: opts.timezoneId ?? 'Europe/London',
    locale: 'en-GB',
  });
  const foreignRequests: string[] = [];
  const ours = new URL(server.url).host;
  context.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith('http') && u.host !== ours) foreignRequests.push(r.url());
  });
  return { context, foreignRequests };
}

/** Opens the sign-in page and submits an email and password (what follows is the caller's). */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The text of a raw email, with quoted-printable soft breaks and escapes undone. */
export function decodeEmail(raw: string): string {
  const isQuotedPrintable = /content-transfer-encoding:\s*quoted-printable/i.test(raw);
  if (!isQuotedPrintable) return raw;
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The first link to `pathname` (e.g. `/reset-password`) in an email sent to `to`. */
export function findEmailLink(server: RunningServer, to: string, pathname: string): string | null {
  for (const raw of [...server.outbox()].reverse()) {
    if (!raw.toLowerCase().includes(to.toLowerCase())) continue;
    const text = decodeEmail(raw);
    const escaped = pathname.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const m = text.match(new RegExp(`https?://[^\\s"'<>]+${escaped}\\?[^\\s"'<>]+`));
    if (m) return m[0];
  }
  return null;
}

/** Creates the first admin through the API, so public pages stop redirecting to /setup. */
export async function setupFirstAdmin(
  server: RunningServer,
  admin = {
    email: 'admin@example.org',
    password: 'steady-harbour-lantern-81',
    displayName: 'Alex A.',
    timezone: 'Europe/London',
  },
): Promise<typeof admin> {
  const res = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return admin;
}
