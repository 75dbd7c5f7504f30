import { afterAll, describe, expect, it } from 'vitest';
import { removeDataDir, startServer, type RunningServer } from './harness.ts';
import { emailedLinkToken } from './api-client.ts';

// What the server acknowledged survives kill -9 and a restart on the same data.
// Runs on the embedded database (PGlite), where durability is ours to prove.
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
  if (servers[0]) removeDataDir(servers[0].dataDir);
});

async function api(server: RunningServer, path: string, body: unknown, cookie = '') {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, cookie },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: await res.json(),
    cookie: res.headers.get('set-cookie') ?? '',
  };
}

describe('crash safety', () => {
  it('keeps an acknowledged sign-up after kill -9, and never logs the password', async () => {
    const first = await startServer({ databaseUrl: undefined, dataDir: undefined });
    servers.push(first);
    const password = 'CANARY-durable-5b1e a long passphrase';
    const signUp = await api(first, '/api/auth/sign-up', {
      email: 'river@example.org',
      password,
      displayName: 'River T',
      timezone: 'Europe/London',
    });
    expect(signUp.status).toBe(202);
    // Acknowledged means finished: the emailed link opened (the account and its password
    // committed), before the process is killed.
    const token = await emailedLinkToken(first, 'river@example.org', '/sign-in-link');
    const opened = await api(first, '/api/auth/sign-in-link', { token });
    expect(opened.status).toBe(200);

    await first.stop('SIGKILL');
    const second = await startServer({ dataDir: first.dataDir, databaseUrl: first.databaseUrl });
    servers.push(second);
    const signIn = await api(second, '/api/auth/sign-in', { email: 'river@example.org', password });
    expect(signIn.status).toBe(200);
    expect(signIn.json.user.displayName).toBe('River T');

    expect(first.output() + second.output()).not.toContain('CANARY-durable');
  });
});
