import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { invalidField } from './errors.ts';

/** OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane. */
export const argon2Options = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolatedModules cannot read)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** True for passwords found in a list of ~49,000 commonly used ones. */
export const isCommonPassword = (password: string): boolean => common.has(password.toLowerCase());

/** Throws a field error for a common password; `field` names it in the message (e.g. `body.password`). */
export function assertNotCommon(password: string, field: string): void {
  if (isCommonPassword(password)) {
    throw invalidField(
      field,
      'This password is too common. Choose a longer or less predictable one.',
    );
  }
}

export const hashPassword = (password: string): Promise<string> => hash(password, argon2Options);

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check, so unknown accounts cannot be told apart.
    await hash(password, argon2Options);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
