#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx iconocast …` and `npm start` need no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../server/cli.ts');
await run(process.argv.slice(2));
