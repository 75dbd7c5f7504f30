import { emitKeypressEvents } from 'node:readline';
import type { z } from 'zod';
import { DisplayName, Email } from '../../../contracts/common.ts';
import { openDatabase, type Database, type Db } from '../../db/client.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { UsageError, parseCommandArgs, runCommand } from '../../lib/cli.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { createMailer } from '../../lib/mailer.ts';
import { AppError } from '../../lib/errors.ts';
import { pgliteDir } from '../../server.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { switchOffTwoFactor, tellTwoFactorReset } from '../auth/two-factor.service.ts';
import * as users from '../users/users.service.ts';

const usage = `Usage: iconocast admin create --email EMAIL --name "DISPLAY NAME" [--password PASSWORD]
       iconocast admin reset-two-factor --email EMAIL

create: Creates an active admin account, or makes an existing account with that email an
admin (its password is kept). The password comes from --password, else the
ICONOCAST_ADMIN_PASSWORD environment variable, else you are asked for it in a terminal.

reset-two-factor: Turns off two-step sign-in for that account (a lost device and lost
recovery codes, e.g. the only admin's). Audited; the person is emailed.

Stop the server first when it uses the embedded database.`;

/** Where the command reads and writes; tests pass their own. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  clock: Clock;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, flag: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${flag}: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** `iconocast admin …`: returns the exit code (0 done, 2 bad input); other failures throw. */
export async function runAdminCommand(args: string[], io?: Partial<CliIo>): Promise<number> {
  const cli: CliIo = {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    clock: systemClock,
    ...io,
  };
  return runCommand(usage, cli.stderr, () => run(args, cli));
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if (sub !== 'create' && sub !== 'reset-two-factor') {
    throw new UsageError(sub ? `Unknown admin command: ${sub}` : 'Name an admin command.');
  }
  if (extra.length) throw new UsageError(`Unexpected argument: ${extra[0]}`);
  if (values.email === undefined)
    throw new UsageError('--email: Give the account’s email address.');
  const email = parse(Email, values.email, '--email');
  const name = values.name === undefined ? undefined : parse(DisplayName, values.name, '--name');
  if (sub === 'reset-two-factor' && (values.name !== undefined || values.password !== undefined)) {
    throw new UsageError('reset-two-factor takes only --email.');
  }

  const config = loadConfig(io.env);
  let database: Database;
  if (config.databaseUrl) {
    database = await openDatabase({ databaseUrl: config.databaseUrl });
  } else {
    database = await openDatabase({ pgliteDir: pgliteDir(config) });
  }
  try {
    if (sub === 'reset-two-factor') return await resetTwoFactorOf(database.db, io, config, email);
    return await createOrPromote(database.db, io, { email, name, password: values.password });
  } finally {
    await database.close();
  }
}

async function createOrPromote(
  db: Db,
  io: CliIo,
  input: { email: string; name: string | undefined; password: string | undefined },
): Promise<number> {
  const existing = await users.findUserByEmail(db, input.email);
  if (existing) {
    if (existing.role === 'admin' && existing.status === 'active') {
      io.stdout.write(`${input.email} is already an active admin. Nothing changed.\n`);
      return 0;
    }
    const reactivated = existing.status === 'suspended';
    await db.transaction(async (tx) => {
      await users.lockAdminSet(tx);
      const now = io.clock.now();
      await users.updateUser(tx, existing.id, {
        role: 'admin',
        status: 'active',
        suspendedAt: null,
        updatedAt: now,
      });
      await recordAudit(tx, io.clock, {
        actorId: null,
        subjectId: existing.id,
        action: 'user.role_changed',
        resourceType: 'user',
        resourceId: existing.id,
        meta: { from: existing.role, to: 'admin', via: 'cli', reactivated },
      });
    });
    const unused = [input.password !== undefined && '--password', input.name && '--name']
      .filter(Boolean)
      .join(' and ');
    io.stdout.write(
      `An account with ${input.email} already existed: it is now an admin` +
        `${reactivated ? ' and no longer suspended' : ''}. Its password was not changed` +
        `${unused ? ` (${unused} not used)` : ''}.\n`,
    );
    return 0;
  }

  if (input.name === undefined)
    throw new UsageError('--name: Give a display name for the new admin.');
  const password = await choosePassword(io, input.password);
  const flags = { email: '--email', password: password.source, displayName: '--name' } as const;
  const account = await asUsage(() =>
    users.prepareAccount(
      { email: input.email, password: password.value, displayName: input.name! },
      (field) => (field in flags ? flags[field as keyof typeof flags] : `--${field}`),
    ),
  );
  const now = io.clock.now();
  const user = await db.transaction(async (tx) => {
    await users.lockAdminSet(tx);
    const created = await users.createAccount(tx, account, {
      now,
      role: 'admin',
      emailVerified: true,
    });
    await recordAudit(tx, io.clock, {
      actorId: null,
      subjectId: created.id,
      action: 'user.created_by_cli',
      resourceType: 'user',
      resourceId: created.id,
      meta: { role: 'admin' },
    });
    return created;
  });
  io.stdout.write(
    `Created the admin account ${input.email} (id ${user.id}). Sign in and turn on ` +
      'two-factor authentication in your account settings before using the admin tools.\n',
  );
  return 0;
}

/** Two-factor off for the account with `email` (audited with no actor: the server's operator). */
async function resetTwoFactorOf(db: Db, io: CliIo, config: Config, email: string): Promise<number> {
  const user = await users.findUserByEmail(db, email);
  if (!user || user.status === 'deleted')
    throw new UsageError(`--email: No account uses ${email}.`);
  if (!user.totpEnabledAt && !user.totpSecret) {
    io.stdout.write(`Two-step sign-in is already off for ${email}. Nothing changed.\n`);
    return 0;
  }
  await db.transaction((tx) =>
    switchOffTwoFactor(tx, io.clock, user.id, { actorId: null, action: 'auth.two_factor_reset' }),
  );
  const log = createLogger('warn');
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    mailFrom: config.mailFrom,
    logger: log,
  });
  await tellTwoFactorReset({ mailer, log, publicUrl: config.publicUrl }, user);
  io.stdout.write(
    `Two-step sign-in is off for ${email}; they have been emailed. They can sign in with ` +
      'their password and turn it on again in their security settings.\n',
  );
  return 0;
}

/** From --password, else ICONOCAST_ADMIN_PASSWORD, else a hidden prompt on a terminal. */
async function choosePassword(
  io: CliIo,
  flag: string | undefined,
): Promise<{ value: string; source: string }> {
  let value: string;
  let source: string;
  if (flag !== undefined) {
    [value, source] = [flag, '--password'];
  } else if (io.env.ICONOCAST_ADMIN_PASSWORD) {
    [value, source] = [io.env.ICONOCAST_ADMIN_PASSWORD, 'ICONOCAST_ADMIN_PASSWORD'];
  } else if (io.stdin.isTTY && io.stdin.setRawMode) {
    source = '--password';
    for (;;) {
      value = await promptHidden(io, 'Password for the new admin (at least 8 characters): ');
      const again = await promptHidden(io, 'Type it again: ');
      if (value === again) break;
      io.stderr.write('The two passwords differ. Try again.\n');
    }
  } else {
    throw new UsageError(
      '--password: No password given. Pass --password, set ICONOCAST_ADMIN_PASSWORD, ' +
        'or run the command in a terminal to be asked for one.',
    );
  }
  return { value, source };
}

/** A field error from the users service, reported like any other bad flag. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.status === 400) throw new UsageError(err.message);
    throw err;
  }
}

/** Reads a line from a terminal without echoing it. */
function promptHidden(io: CliIo, question: string): Promise<string> {
  const input = io.stdin;
  io.stdout.write(question);
  emitKeypressEvents(input);
  input.setRawMode!(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = () => {
      input.off('keypress', onKey);
      input.setRawMode!(false);
      input.pause();
      io.stdout.write('\n');
    };
    const onKey = (
      str: string | undefined,
      key: { name?: string; ctrl?: boolean; meta?: boolean } = {},
    ) => {
      if (key.ctrl && (key.name === 'c' || key.name === 'd')) {
        done();
        reject(new Error('Cancelled.'));
      } else if (key.name === 'return' || key.name === 'enter') {
        done();
        resolve(value);
      } else if (key.name === 'backspace') {
        value = value.slice(0, -1);
      } else if (str && !key.ctrl && !key.meta) {
        value += str;
      }
    };
    input.on('keypress', onKey);
  });
}
