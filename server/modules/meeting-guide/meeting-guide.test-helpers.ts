import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isValidTimeZone } from '../meetings/time-zones.ts';
import { conferenceProvider } from './meeting-guide.parse.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The real feeds, kept in the repository so the tests need nothing beside it. */
export const FEEDS_DIR = resolve(repoRoot, 'server/test/fixtures/meeting-guide');

/** A sample feed's text; throws (failing the test) when the fixture is missing. */
export function readSampleFeed(file: string): string {
  const path = resolve(FEEDS_DIR, file);
  if (!existsSync(path)) throw new Error(`Sample feed ${path} is missing.`);
  return readFileSync(path, 'utf8');
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The spec's rules for an entry, as the issue lists them for our export. */
export const SpecEntry = z
  .object({
    name: z.string().min(1).max(255),
    slug: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9._~-]+$/),
    day: z.int().min(0).max(6),
    time: z.string().regex(HHMM),
    end_time: z.string().regex(HHMM),
    timezone: z.string().refine(isValidTimeZone),
    formatted_address: z.string().min(1),
    approximate: z.enum(['yes', 'no']),
    types: z.array(z.string().min(1)),
    attendance_option: z.enum(['in_person', 'hybrid', 'online', 'inactive']),
    updated: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
      .optional(),
    latitude: z.number().optional(),
    longitude: z.number().optional(),
    conference_url: z.url().optional(),
    conference_phone: z.string().optional(),
    regions: z.array(z.string()).optional(),
  })
  .loose();

/**
 * Reads a feed the way TSML UI (the finder most intergroups embed) does when it loads one:
 * a slug is required and unique; an address is required (formatted, or its parts); a zone is
 * required (the entry's, else the page's); day and time make a valid start in that zone. A
 * meeting is active when online (a known provider's link or a 10-digit phone) or in person
 * (not TC, not approximate); inactive ones are still listed, under "inactive".
 */
export function readLikeTsmlUi(
  data: unknown,
  pageZone?: string,
): { meetings: Map<string, { active: boolean }>; warnings: string[] } {
  const meetings = new Map<string, { active: boolean }>();
  const warnings: string[] = [];
  if (!Array.isArray(data)) return { meetings, warnings: ['not an array'] };
  for (const m of data as Record<string, unknown>[]) {
    const slug = m.slug;
    if (typeof slug !== 'string' || slug === '') {
      warnings.push('no slug');
      continue;
    }
    if (meetings.has(slug)) {
      warnings.push(`duplicate slug ${slug}`);
      continue;
    }
    const address =
      typeof m.formatted_address === 'string' && m.formatted_address.trim() !== ''
        ? m.formatted_address
        : [m.address, m.city, m.state, m.postal_code, m.country].filter(Boolean).join(', ');
    if (!address) {
      warnings.push(`${slug}: no address information`);
      continue;
    }
    const zone = typeof m.timezone === 'string' && m.timezone ? m.timezone : pageZone;
    if (!zone || !isValidTimeZone(zone)) {
      warnings.push(`${slug} has no timezone`);
      continue;
    }
    if (m.day !== undefined) {
      const time = typeof m.time === 'string' ? m.time : '';
      const day = m.day;
      if (typeof day !== 'number' || !Number.isInteger(day) || day < 0 || day > 6) {
        warnings.push(`${slug}: invalid day`);
        continue;
      }
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
        warnings.push(`${slug}: invalid start`);
        continue;
      }
    }
    const types = Array.isArray(m.types) ? (m.types as string[]) : [];
    const url = typeof m.conference_url === 'string' ? m.conference_url : null;
    const phone = typeof m.conference_phone === 'string' ? m.conference_phone : '';
    const isOnline = conferenceProvider(url) !== null || phone.replace(/\D/g, '').length >= 10;
    const approximate =
      typeof m.approximate === 'string' ? m.approximate.toLowerCase() === 'yes' : false;
    const isInPerson = !types.includes('TC') && !approximate;
    meetings.set(slug, { active: isOnline || isInPerson });
  }
  return { meetings, warnings };
}
