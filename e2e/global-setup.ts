import { ensureWebBuilt } from '../server/cli.ts';

/** Build the web app once, before any browser test starts a server. */
export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
