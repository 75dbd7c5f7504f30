import { describe, expect, it } from 'vitest';
import { countryOfZone } from './zone-country.ts';

describe('countryOfZone', () => {
  it.each([
    ['Europe/London', 'GB'],
    ['America/Los_Angeles', 'US'],
    ['Europe/Madrid', 'ES'],
    ['America/Mexico_City', 'MX'],
    ['Asia/Kolkata', 'IN'],
    ['Etc/UTC', null],
    ['Not/AZone', null],
    [undefined, null],
  ])('%s → %s', (zone, country) => {
    expect(countryOfZone(zone)).toBe(country);
  });
});
