import { describe, expect, it } from 'vitest';
import { isKnownType, normalizeTypes, typeName } from './meeting-guide.types.ts';
import {
  formatUpdated,
  minutesBetween,
  parseDays,
  parseTime,
  parseUpdated,
} from './meeting-guide.values.ts';

describe('parseDays', () => {
  it.each([
    [1, [1]],
    [0, [0]],
    ['3', [3]],
    ['Monday', [1]],
    ['mon', [1]],
    ['Tue.', [2]],
    ['THURS', [4]],
    [[6], [6]],
    [
      [1, 'wednesday', 5],
      [1, 3, 5],
    ],
    [[2, 2], [2]],
  ])('reads %j as %j', (input, days) => {
    expect(parseDays(input)).toEqual(days);
  });

  it.each([[7], [-1], [1.5], ['someday'], [[]], [[1, 'x']], [null], [undefined], [{}]])(
    'rejects %j',
    (input) => {
      expect(parseDays(input)).toBeNull();
    },
  );
});

describe('parseTime', () => {
  it.each([
    ['19:00', '19:00'],
    ['7:00', '07:00'],
    ['19:00:00', '19:00'],
    ['06:30:59', '06:30'],
    ['7:00 PM', '19:00'],
    ['11:00 AM', '11:00'],
    ['12:00 PM', '12:00'],
    ['12:30 AM', '00:30'],
    ['7pm', '19:00'],
    ['7:15 p.m.', '19:15'],
    ['noon', '12:00'],
    ['Midnight', '00:00'],
    [' 08:05 ', '08:05'],
  ])('reads %j as %s', (input, time) => {
    expect(parseTime(input)).toBe(time);
  });

  it.each([
    ['25:00'],
    ['24:00'],
    ['7:60'],
    ['13:00 PM'],
    ['0:30 AM'],
    ['7'],
    [''],
    ['soon'],
    [1900],
    [null],
  ])('rejects %j', (input) => {
    expect(parseTime(input)).toBeNull();
  });
});

describe('parseUpdated', () => {
  it.each([
    ['2022-07-09 19:32:28', '2022-07-09T19:32:28.000Z'],
    ['2022-07-09T19:32:28Z', '2022-07-09T19:32:28.000Z'],
    ['2022-07-09T21:32:28+02:00', '2022-07-09T19:32:28.000Z'],
    ['2022-07-09T19:32:28.123Z', '2022-07-09T19:32:28.000Z'],
    ['2022-07-09', '2022-07-09T00:00:00.000Z'],
    ['8/25/2022 11:17:07 AM', '2022-08-25T11:17:07.000Z'],
    ['12/1/2022 12:05:00 PM', '2022-12-01T12:05:00.000Z'],
    ['1/5/2022 12:05:00 AM', '2022-01-05T00:05:00.000Z'],
    ['9/8/2022 1:41:27 PM', '2022-09-08T13:41:27.000Z'],
  ])('reads %j as %s', (input, iso) => {
    expect(parseUpdated(input)?.toISOString()).toBe(iso);
  });

  it.each([
    ['2022-02-30 10:00:00'],
    ['13/1/2022 1:00:00 PM'],
    ['yesterday'],
    [''],
    [null],
    [1660000000],
  ])('gives null for %j', (input) => {
    expect(parseUpdated(input)).toBeNull();
  });

  it('writes the spec format in UTC', () => {
    expect(formatUpdated(new Date('2022-08-25T11:17:07Z'))).toBe('2022-08-25 11:17:07');
  });
});

describe('minutesBetween', () => {
  it('wraps past midnight and treats equal times as no end', () => {
    expect(minutesBetween('19:00', '20:30')).toBe(90);
    expect(minutesBetween('23:30', '00:30')).toBe(60);
    expect(minutesBetween('19:00', '19:00')).toBeNull();
  });
});

describe('normalizeTypes', () => {
  it('keeps codes, maps names in any language and any case to codes', () => {
    expect(
      normalizeTypes(['O', 'Big Book', 'speaker', 'Español', 'onl', 'Temporarily Closed']),
    ).toEqual(['O', 'B', 'SP', 'S', 'ONL', 'TC']);
  });

  it('keeps program-specific codes, drops blanks and repeats', () => {
    expect(normalizeTypes(['AC', '', ' ', 'LGBTQIA', 'AC', 'D'])).toEqual(['AC', 'LGBTQIA', 'D']);
  });

  it('makes a meeting marked both Open and Closed Closed', () => {
    expect(normalizeTypes(['O', 'C', 'D'])).toEqual(['C', 'D']);
    expect(normalizeTypes(['Open', 'Closed'])).toEqual(['C']);
  });

  it('reads a comma-separated string and ignores other shapes', () => {
    expect(normalizeTypes('O, D')).toEqual(['O', 'D']);
    expect(normalizeTypes(null)).toEqual([]);
    expect(normalizeTypes({ O: true })).toEqual([]);
    expect(normalizeTypes([11, null])).toEqual(['11']);
  });

  it('knows the spec codes plus ONL and TC', () => {
    expect(isKnownType('LGBTQ')).toBe(true);
    expect(isKnownType('ONL')).toBe(true);
    expect(isKnownType('AC')).toBe(false);
    expect(typeName('B')).toBe('Big Book');
    expect(typeName('B', 'es')).toBe('Libro Grande');
  });
});
