import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { eq } from 'drizzle-orm';
import { auditEvents, recoveryCodes, users } from '../../db/schema/index.ts';
import { TestClock } from '../../lib/clock.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { runAdminCommand, type CliIo } from './admin.cli.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dataDir: string;
const env = () => ({ ICONOCAST_DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(40) });

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'iconocast-cli-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function captureIo(extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  const io: Partial<CliIo> = {
    env: env(),
    stdin,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    clock: new TestClock(),
    ...extra,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

/** Opens the CLI's database the way the server would, runs `fn`, closes it. */
async function withDb<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

describe('iconocast admin create', () => {
  it('creates an active admin with a hashed password and an audit event', async () => {
    const c = captureIo();
    const code = await runAdminCommand(
      [
        'create',
        '--email',
        ' Rosa.M@Example.org ',
        '--name',
        'Rosa M',
        '--password',
        'a long kind passphrase',
      ],
      c.io,
    );
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toMatch(/Created the admin account rosa\.m@example\.org/);
    expect(c.out()).toMatch(/two-factor/);
    expect(c.out()).not.toContain('a long kind passphrase');
    await withDb(async (db) => {
      const [user] = await db.select().from(users);
      expect(user).toMatchObject({
        email: 'rosa.m@example.org',
        displayName: 'Rosa M',
        role: 'admin',
        status: 'active',
      });
      expect(user!.emailVerifiedAt).not.toBeNull();
      expect(await verifyPassword(user!.passwordHash, 'a long kind passphrase')).toBe(true);
      const events = await db.select().from(auditEvents);
      expect(events).toEqual([
        expect.objectContaining({
          action: 'user.created_by_cli',
          actorId: null,
          subjectId: user!.id,
          meta: { role: 'admin' },
        }),
      ]);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });
  });

  it('says so and changes nothing when the person is already an admin', async () => {
    const c = captureIo();
    expect(await runAdminCommand(['create', '--email', 'rosa.m@example.org'], c.io)).toBe(0);
    expect(c.out()).toMatch(/already an active admin/);
  });

  it('promotes an existing account, keeping its password, and audits the role change', async () => {
    const memberId = await withDb(async (db) => {
      const [row] = await db
        .insert(users)
        .values({ email: 'sam.k@example.org', displayName: 'Sam K', status: 'suspended' })
        .returning();
      return row!.id;
    });
    const c = captureIo();
    const code = await runAdminCommand(
      [
        'create',
        '--email',
        'sam.k@example.org',
        '--name',
        'Whoever',
        '--password',
        'ignored but long',
      ],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out()).toMatch(/already existed: it is now an admin and no longer suspended/);
    expect(c.out()).toMatch(/password was not changed \(--password and --name not used\)/);
    await withDb(async (db) => {
      const rows = await db.select().from(users);
      const sam = rows.find((r) => r.id === memberId)!;
      expect(sam).toMatchObject({ role: 'admin', status: 'active', displayName: 'Sam K' });
      expect(sam.passwordHash).toBeNull();
      const events = await db.select().from(auditEvents);
      expect(events.at(-1)).toMatchObject({
        action: 'user.role_changed',
        subjectId: memberId,
        meta: { from: 'member', to: 'admin', via: 'cli', reactivated: true },
      });
    });
  });

  it('takes the password from ICONOCAST_ADMIN_PASSWORD', async () => {
    const c = captureIo({ env: { ...env(), ICONOCAST_ADMIN_PASSWORD: 'from the environment' } });
    expect(
      await runAdminCommand(['create', '--email', 'env@example.org', '--name', 'Env E'], c.io),
    ).toBe(0);
    await withDb(async (db) => {
      const user = (await db.select().from(users)).find((u) => u.email === 'env@example.org');
      expect(await verifyPassword(user!.passwordHash ?? null, 'from the environment')).toBe(true);
    });
  });

  it('asks for the password on a terminal without echoing it', async () => {
    const stdin = Object.assign(new PassThrough(), {
      isTTY: true,
      setRawMode: () => stdin,
    });
    const c = captureIo({ stdin });
    const done = runAdminCommand(['create', '--email', 'tty@example.org', '--name', 'Tee T'], c.io);
    const type = async (text: string) => {
      await new Promise((r) => setTimeout(r, 50));
      stdin.write(text);
    };
    // Wait for the first prompt (the database is opened first), then type twice.
    for (let i = 0; i < 200 && !c.out().includes('Password'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await type('typed quietly x\x7f\r');
    await type('typed quietly \r');
    expect(await done).toBe(0);
    expect(c.out()).not.toContain('typed quietly');
    await withDb(async (db) => {
      const user = (await db.select().from(users)).find((u) => u.email === 'tty@example.org');
      expect(await verifyPassword(user!.passwordHash ?? null, 'typed quietly ')).toBe(true);
    });
  });

  it.each([
    [['create', '--name', 'No Email', '--password', 'long enough pw'], '--email'],
    [
      ['create', '--email', 'not-an-email', '--name', 'X', '--password', 'long enough pw'],
      '--email',
    ],
    [['create', '--email', 'new1@example.org', '--password', 'long enough pw'], '--name'],
    [
      ['create', '--email', 'new2@example.org', '--name', '   ', '--password', 'long enough pw'],
      '--name',
    ],
    [
      ['create', '--email', 'new3@example.org', '--name', 'Short', '--password', 'short'],
      '--password',
    ],
    [
      ['create', '--email', 'new4@example.org', '--name', 'Common', '--password', 'password123'],
      '--password',
    ],
    [['create', '--email', 'new5@example.org', '--name', 'No Tty'], '--password'],
    [['create', '--email', 'a@example.org', '--bogus'], 'bogus'],
    [['delete', '--email', 'a@example.org'], 'Unknown admin command'],
    [[], 'Name an admin command'],
  ])('refuses %j with exit code 2, naming %s', async (args, named) => {
    const c = captureIo();
    expect(await runAdminCommand(args, c.io)).toBe(2);
    expect(c.err()).toContain(named);
    expect(c.err()).toContain('Usage: iconocast admin create');
  });

  it('says to stop the server when the embedded database is open in another process', async () => {
    const pgDir = path.join(dataDir, 'pglite');
    const code = `import { openDatabase } from './server/db/client.ts';
      await openDatabase({ pgliteDir: ${JSON.stringify(pgDir)} });
      console.log('ready'); setInterval(() => {}, 1000);`;
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
        child.once('exit', (c) => reject(new Error(`holder exited with ${c}`)));
      });
      const c = captureIo();
      const attempt = runAdminCommand(
        ['create', '--email', 'locked@example.org', '--name', 'L', '--password', 'long enough pw'],
        c.io,
      );
      // cli.ts run() recognises /lock|already in use|EBUSY/ and prints "Stop the server first".
      await expect(attempt).rejects.toThrow(/already in use.*Stop the server first/s);
    } finally {
      // Wait for the holder to be gone, so later tests can open the database.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    }
  });
});

describe('iconocast admin reset-two-factor', () => {
  it('turns two-factor and recovery codes off, audits it, and emails the person (the only admin lost their device)', async () => {
    const id = await withDb(async (db) => {
      const [row] = await db
        .insert(users)
        .values({
          email: 'solo.admin@example.org',
          displayName: 'Solo',
          role: 'admin',
          totpSecret: 'v1.sealed',
          totpEnabledAt: new Date(),
        })
        .returning();
      await db
        .insert(recoveryCodes)
        .values({ userId: row!.id, codeHash: '$argon2id$x', createdAt: new Date() });
      return row!.id;
    });
    const c = captureIo();
    const code = await runAdminCommand(
      ['reset-two-factor', '--email', 'Solo.Admin@example.org'],
      c.io,
    );
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    expect(c.out()).toMatch(/Two-step sign-in is off for solo\.admin@example\.org/);
    await withDb(async (db) => {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null });
      expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, id))).toEqual([]);
      const events = await db.select().from(auditEvents);
      expect(events.at(-1)).toMatchObject({
        action: 'auth.two_factor_reset',
        actorId: null,
        subjectId: id,
      });
    });
    const outbox = path.join(dataDir, 'outbox');
    const mails = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));
    expect(mails.some((m) => m.includes('solo.admin@example.org') && /two-step/i.test(m))).toBe(
      true,
    );

    const again = captureIo();
    expect(
      await runAdminCommand(['reset-two-factor', '--email', 'solo.admin@example.org'], again.io),
    ).toBe(0);
    expect(again.out()).toMatch(/already off/);
  });

  it('names --email for an address with no account', async () => {
    const c = captureIo();
    expect(await runAdminCommand(['reset-two-factor', '--email', 'nobody@example.org'], c.io)).toBe(
      2,
    );
    expect(c.err()).toContain('--email: No account uses nobody@example.org');
  });
});

describe.runIf(process.env.DATABASE_URL)('iconocast admin create on PostgreSQL', () => {
  it('creates the admin in the DATABASE_URL database', async () => {
    const url = process.env.DATABASE_URL!;
    const name = `iconocast_cli_${Date.now()}`;
    const adminClient = new pg.Client({ connectionString: url });
    await adminClient.connect();
    await adminClient.query(`create database ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    try {
      const c = captureIo({ env: { ...env(), DATABASE_URL: dbUrl.toString() } });
      const args = [
        'create',
        '--email',
        'pg@example.org',
        '--name',
        'Pat G',
        '--password',
        'long enough pw',
      ];
      expect(await runAdminCommand(args, c.io)).toBe(0);
      const database = await openDatabase({ databaseUrl: dbUrl.toString() });
      try {
        const [user] = await database.db.select().from(users);
        expect(user).toMatchObject({ email: 'pg@example.org', role: 'admin' });
      } finally {
        await database.close();
      }
    } finally {
      await adminClient.query(`drop database if exists ${name} with (force)`);
      await adminClient.end();
    }
  });
});
