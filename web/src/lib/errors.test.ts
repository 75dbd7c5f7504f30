import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../../contracts/common.ts';
import en from '../i18n/en.ts';
import es from '../i18n/es.ts';
import { ApiError } from './api.ts';
import { describeError, describeFieldErrors, errorKey } from './errors.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, es: { translation: es } },
    lng: 'en',
    fallbackLng: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});
const tFor = (lng: 'en' | 'es') => i18n.getFixedT(lng);
const SERVER_WORDS = 'Words only the server wrote.';

describe('describeError', () => {
  it.each([...errorCodes, 'network'])('has Spanish words of its own for the code %s', (code) => {
    const key = errorKey(code);
    expect(key, `no catalogue key for ${code}`).not.toBeNull();
    expect(i18n.exists(key!, { lng: 'es', fallbackLng: false })).toBe(true);
    expect(i18n.exists(key!, { lng: 'en', fallbackLng: false })).toBe(true);
    const words = describeError(new ApiError(400, code, SERVER_WORDS), tFor('es'), 'es');
    expect(words).toBe(tFor('es')(key!));
    expect(words).not.toBe(SERVER_WORDS);
  });

  it('shows the server’s own (English) words to someone reading English', () => {
    const e = new ApiError(409, 'conflict', 'You are already a member of this group.');
    expect(describeError(e, tFor('en'), 'en')).toBe('You are already a member of this group.');
    expect(describeError(e, tFor('es'), 'es')).toBe(es.errors.codes.conflict);
  });

  it('never shows an internal error’s words, in any language', () => {
    const e = new ApiError(500, 'internal', 'Something went wrong (reference req-1).');
    expect(describeError(e, tFor('en'), 'en')).toBe(en.errors.generic);
  });

  it('falls back to the message for a code it does not know', () => {
    const e = new ApiError(400, 'nothing_changed', 'Cambia al menos un dato primero.');
    expect(describeError(e, tFor('es'), 'es')).toBe('Cambia al menos un dato primero.');
  });

  it('says how long to wait, in Spanish, from Retry-After', () => {
    const e = new ApiError(429, 'rate_limited', 'Too many attempts.', {}, [], 90);
    expect(describeError(e, tFor('es'), 'es')).toContain('2 minutos');
  });

  it('answers something generic for what is not an API error', () => {
    expect(describeError(new TypeError('x is undefined'), tFor('es'), 'es')).toBe(
      es.errors.generic,
    );
  });
});

describe('describeFieldErrors', () => {
  const failure = new ApiError(400, 'validation_failed', 'body.email: …', {}, [
    {
      field: 'email',
      message: 'Enter a valid email address',
      issue: 'invalid_format',
      format: 'email',
    },
    {
      field: 'password',
      message: 'Use at least 8 characters',
      issue: 'too_small',
      origin: 'string',
      minimum: 8,
    },
    { field: 'displayName', message: 'Too big', issue: 'too_big', origin: 'string', maximum: 60 },
    { field: 'days', message: 'Too small', issue: 'too_small', origin: 'array', minimum: 1 },
    {
      field: 'durationMinutes',
      message: 'Too small',
      issue: 'too_small',
      origin: 'number',
      minimum: 5,
    },
    { field: 'role', message: 'is not a field this accepts', issue: 'unrecognized_keys' },
    { field: 'visibility', message: 'Invalid option', issue: 'invalid_value' },
    { field: 'currentPassword', message: 'That password is not right.' },
  ]);

  it('words each field’s problem in Spanish, with its limits', () => {
    expect(describeFieldErrors(failure, tFor('es'), 'es')).toEqual({
      email: es.validation.email,
      password: 'Usa al menos 8 caracteres',
      displayName: 'Usa como máximo 60 caracteres',
      days: es.validation.chooseAtLeast_one,
      durationMinutes: 'Usa 5 o más',
      role: es.validation.unknownField,
      visibility: es.validation.invalidOption,
      currentPassword: es.validation.invalid,
    });
  });

  it('keeps the server’s words for a rule of its own when the reader reads English', () => {
    expect(describeFieldErrors(failure, tFor('en'), 'en')).toMatchObject({
      password: 'Use at least 8 characters',
      currentPassword: 'That password is not right.',
    });
  });
});
