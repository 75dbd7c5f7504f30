import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('validation errors', () => {
  it('name each bad field with its problem kind and limits, so the web can translate them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { email: 'not an email', password: 'short', displayName: 'A', timezone: 'UTC' },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.email', issue: 'invalid_format', format: 'email' }),
        expect.objectContaining({
          field: 'body.password',
          issue: 'too_small',
          origin: 'string',
          minimum: 8,
        }),
      ]),
    );
  });
});
