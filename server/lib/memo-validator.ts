import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The zod validator, remembering successful results by input. For hot public routes whose
 * inputs repeat (the finder's query strings): the same search is parsed once, not on every
 * request. Results are frozen, so no handler can change what the next request receives.
 * Failures are not kept (they are rare and carry request-specific errors).
 */
export function memoValidatorCompiler<S = ZodType>(maxEntries = 1000): FastifySchemaCompiler<S> {
  return (route) => {
    const validate = validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
    const results = new Map<string, { value: unknown }>();
    return (data) => {
      const key = JSON.stringify(data);
      const known = results.get(key);
      if (known) return known;
      const result = validate(data) as { value?: unknown; error?: unknown };
      if (result.error !== undefined) return result as { error: Error };
      const kept = { value: deepFreeze(result.value) };
      if (results.size >= maxEntries) results.clear();
      results.set(key, kept);
      return kept;
    };
  };
}
