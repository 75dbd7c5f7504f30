import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoValidatorCompiler } from './memo-validator.ts';

const Query = z.object({ day: z.array(z.coerce.number().int().min(0).max(6)) });
const validate = memoValidatorCompiler(2)({
  schema: Query,
  method: 'GET',
  url: '/x',
  httpPart: 'querystring',
}) as (data: unknown) => { value?: { day: number[] }; error?: unknown };

describe('memoValidatorCompiler', () => {
  it('parses an input once and returns the same frozen value after', () => {
    const first = validate({ day: ['1', '2'] });
    expect(first.value).toEqual({ day: [1, 2] });
    expect(validate({ day: ['1', '2'] })).toBe(first);
    expect(Object.isFrozen(first.value!.day)).toBe(true);
  });

  it('still rejects bad input every time, and forgets old entries past its size', () => {
    expect(validate({ day: ['9'] }).error).toBeDefined();
    expect(validate({ day: ['9'] }).error).toBeDefined();
    const a = validate({ day: ['3'] });
    validate({ day: ['4'] });
    validate({ day: ['5'] });
    expect(validate({ day: ['3'] })).not.toBe(a);
    expect(validate({ day: ['3'] }).value).toEqual({ day: [3] });
  });
});
