/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded with require() by autocannon */
// autocannon `setupRequest` for bench/finder.bench.ts (loaded by path in autocannon's worker
// thread, so plain CommonJS). Walks the request paths listed in the JSON file named by
// FINDER_BENCH_PATHS, one after another across all connections: no path is sent twice while
// the list lasts (the bench sets `amount` to the list's length).
const { readFileSync } = require('node:fs');

let paths = null;
let next = 0;

module.exports = function setupRequest(request) {
  if (!paths) paths = JSON.parse(readFileSync(process.env.FINDER_BENCH_PATHS, 'utf8'));
  const path = paths[next % paths.length];
  next++;
  return { ...request, path };
};
