import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { loadConfig } from './lib/config.ts';
import { startServer } from './server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const usage = `Usage: iconocast <command>

Commands:
  serve [--demo]        Start the server (builds the web app first if needed).
                        --demo fills an empty database with demo content first.
  migrate               Apply database migrations and exit.
  admin create          Create an admin: --email, --name, --password (or ICONOCAST_ADMIN_PASSWORD).
  demo                  Fill an empty database with demo content and exit.
  meetings import       Import a Meeting Guide feed: <file-or-url> --timezone ZONE
                        [--dry-run] [--json] [--source NAME].
`;

/** The newest modification time under `dir`, in ms. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Writes .br and .gz beside each text asset, so the server sends them without work per request. */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) precompress(file);
    else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
      const body = readFileSync(file);
      writeFileSync(`${file}.br`, brotliCompressSync(body));
      writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    }
  }
}

/** Builds web/dist with Vite when it is missing or older than the sources. */
export async function ensureWebBuilt(): Promise<void> {
  const dist = path.join(root, 'web/dist/index.html');
  const sources = [path.join(root, 'web/src'), path.join(root, 'contracts')];
  const srcTime = Math.max(
    statSync(path.join(root, 'web/index.html')).mtimeMs,
    ...sources.map(newestMtime),
  );
  if (existsSync(dist) && statSync(dist).mtimeMs >= srcTime) return;
  console.log('Building the web app (once)…');
  const { build } = await import('vite');
  // Always the production build of React, even when called from a test runner (NODE_ENV=test).
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  precompress(path.join(root, 'web/dist'));
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
    case undefined: {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } } });
      const config = loadConfig();
      await ensureWebBuilt();
      await startServer(config, {
        beforeListen: async (app) => {
          if (values.demo) {
            const { seedDemo } = await import('./modules/demo/demo.service.ts');
            const result = await seedDemo(app.deps.database.db, app.deps.clock);
            app.log.info(
              result.seeded ? 'Demo content added.' : 'Database not empty; demo content skipped.',
            );
          }
        },
      });
      return -1; // keep running
    }
    case 'migrate': {
      const config = loadConfig();
      const { openResources } = await import('./server.ts');
      const { database, redis } = await openResources(config);
      console.log(`Migrations applied (${database.kind}).`);
      redis?.disconnect();
      await database.close();
      return 0;
    }
    case 'admin': {
      const { runAdminCommand } = await import('./modules/admin/admin.cli.ts');
      return runAdminCommand(rest);
    }
    case 'meetings': {
      const { runMeetingsCommand } = await import('./modules/meeting-guide/meeting-guide.cli.ts');
      return runMeetingsCommand(rest);
    }
    case 'demo': {
      const config = loadConfig();
      const { openResources } = await import('./server.ts');
      const { database, redis } = await openResources(config);
      const { seedDemo } = await import('./modules/demo/demo.service.ts');
      const { systemClock } = await import('./lib/clock.ts');
      const result = await seedDemo(database.db, systemClock);
      console.log(
        result.seeded ? result.summary : 'The database already has content: demo skipped.',
      );
      redis?.disconnect();
      await database.close();
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
    default:
      console.error(`Unknown command: ${command}\n\n${usage}`);
      return 2;
  }
}

function isDatabaseLocked(err: unknown): boolean {
  return err instanceof Error && /lock|already in use|EBUSY/i.test(err.message);
}

/** Runs a command, turning failures into a readable message and an exit code. */
export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (err) {
    if (isDatabaseLocked(err)) {
      console.error(
        'The embedded database is in use by a running server. Stop the server first, then try again.',
      );
    } else {
      console.error(err instanceof Error ? err.message : err);
    }
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await run(process.argv.slice(2));
}
