/** True when `err` (or an error it wraps) is PostgreSQL's unique_violation (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && (e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs `attempt(0)`, and again with 1, 2, … (at most `retries` more times) while it fails on a
 * unique violation: two records created at once with the same slug, the later one retries.
 */
export async function retryOnUniqueViolation<T>(
  retries: number,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n < retries && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}
