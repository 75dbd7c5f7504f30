import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Operation {
  responses?: Record<string, unknown>;
}

/** Every documented operation as `METHOD /path` with its declared response statuses. */
function operations(): { name: string; method: string; statuses: string[] }[] {
  const doc = t.app.swagger() as { paths?: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths ?? {}).flatMap(([path, byMethod]) =>
    Object.entries(byMethod)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        name: `${method.toUpperCase()} ${path}`,
        method,
        statuses: Object.keys(op.responses ?? {}),
      })),
  );
}

describe('the OpenAPI document', () => {
  it('documents API operations', () => {
    expect(operations().filter((o) => o.name.includes(' /api/')).length).toBeGreaterThan(40);
  });

  // Every API route is rate limited, so each can at least answer 429; most say more.
  it('declares the error responses of every API route (a 4xx, and 400 on unsafe methods)', () => {
    const api = operations().filter((op) => op.name.includes(' /api/'));
    const missing = api.flatMap((op) => {
      const problems: string[] = [];
      if (!op.statuses.some((s) => /^4\d\d$/.test(s))) problems.push(`${op.name}: no 4xx`);
      if (op.method !== 'get' && !op.statuses.includes('400')) {
        problems.push(`${op.name}: no 400`);
      }
      return problems;
    });
    expect(missing).toEqual([]);
  });
});
