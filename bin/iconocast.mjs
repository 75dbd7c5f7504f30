#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx iconocast …` and `npm start` need no build step.
import { register } from 'tsx/esm/api';

// React's production build on the server too (the finder page is rendered there), unless the
// caller chose otherwise (tests run with NODE_ENV=test).
process.env.NODE_ENV ??= 'production';
register();
const { run } = await import('../server/cli.ts');
await run(process.argv.slice(2));
