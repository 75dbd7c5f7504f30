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

/** Lower-case letters and digits only: "Maya R." → "mayar", "maya.r@x.org" → "mayarxorg". */
const squash = (text: string) =>
  text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * True when the password is built from the person's own details: their email (or its part
 * before the @), their display name, or a word of it (4 letters or more), with or without
 * digits and symbols around it — the first guesses of anyone who knows them.
 */
export function isPersonalPassword(
  password: string,
  person: { email?: string | null; displayName?: string | null },
): boolean {
  const candidate = squash(password);
  if (!candidate) return false;
  const local = person.email?.split('@')[0] ?? '';
  const parts = [
    person.email ?? '',
    local,
    ...local.split(/[^\p{L}\p{N}]+/u),
    person.displayName ?? '',
    ...(person.displayName ?? '').split(/[^\p{L}\p{N}]+/u),
    'iconocast',
  ]
    .map(squash)
    .filter((part) => part.length >= 4);
  const lettersOnly = candidate.replace(/\p{N}/gu, '');
  return parts.some(
    (part) => candidate.includes(part) || (lettersOnly.length >= 4 && part.includes(lettersOnly)),
  );
}

/**
 * Throws a field error (`field`, e.g. `body.password`) for a common password, or one built
 * from the person's own email or name.
 */
export function assertAcceptablePassword(
  password: string,
  field: string,
  person: { email?: string | null; displayName?: string | null } = {},
): void {
  if (isCommonPassword(password)) {
    throw invalidField(
      field,
      'This password is too common. Choose a longer or less predictable one.',
      'password_common',
    );
  }
  if (isPersonalPassword(password, person)) {
    throw invalidField(
      field,
      'This password is built from your name or email address. Choose one others could not guess.',
      'password_personal',
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
