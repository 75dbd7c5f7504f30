import { z } from 'zod';

/**
 * A tile server address for Leaflet: https only (plain http on loopback), with {z}, {x} and {y} (and optionally {s}
 * for subdomains). Browsers of everyone who opens the map contact this host.
 */
export const TileUrl = z
  .string()
  .trim()
  .max(300, 'must be at most 300 characters')
  .refine((v) => ['{z}', '{x}', '{y}'].every((p) => v.includes(p)), 'must contain {z}, {x} and {y}')
  .refine((v) => !/\{(?![zxys]\}|r\})/.test(v), 'may only use {s}, {z}, {x}, {y} and {r}')
  .refine(
    (v) => tileOrigins(v).length > 0,
    'must be an https:// address with a host name (http:// only for 127.0.0.1 or localhost)',
  );

/** Plain text shown under the map (tile providers usually require it). */
export const MapAttribution = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .refine((v) => !/[<>\p{Cc}]/u.test(v), 'must be plain text (no < or >, no line breaks)');

export const MapSettings = z.object({
  tileUrl: z.string().nullable(),
  attribution: z.string(),
});
export type MapSettings = z.infer<typeof MapSettings>;

/** Clearing: `tileUrl: null` (the map is then not offered). */
export const UpdateMapSettingsBody = z.object({
  tileUrl: TileUrl.nullable(),
  attribution: MapAttribution.default(''),
});
export type UpdateMapSettingsBody = z.input<typeof UpdateMapSettingsBody>;

/** Plain text of at most `max` characters: no markup, no control characters. */
const plainText = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !/[<>\p{Cc}]/u.test(v), 'must be plain text (no < or >, no line breaks)');

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** An ISO 3166-1 alpha-2 country code (`GB`, `US`), or `INTL` for lines that serve everyone. */
export const CrisisCountry = z
  .string()
  .trim()
  .toUpperCase()
  .refine(
    (v) => v === 'INTL' || (/^[A-Z]{2}$/.test(v) && regionNames.of(v) !== undefined),
    'must be a two-letter country code (ISO 3166-1, e.g. GB) or INTL',
  );

/** A number to call: digits, spaces, dashes, brackets, an optional leading +. */
const PhoneNumber = z
  .string()
  .trim()
  .max(30, 'must be at most 30 characters')
  .regex(/^\+?[0-9][0-9 ()-]*$/, 'must be a phone number (digits, spaces, dashes, an optional +)')
  .refine((v) => v.replace(/\D/g, '').length >= 2, 'must have at least 2 digits');

export const CrisisLine = z
  .object({
    country: CrisisCountry,
    name: plainText(100, 1),
    /** Tap to call. */
    call: PhoneNumber.optional(),
    /** Tap to text: the number, and the word to send when the line asks for one. */
    text: z
      .object({
        number: PhoneNumber,
        keyword: z
          .string()
          .trim()
          .max(20, 'must be at most 20 characters')
          .regex(/^[\p{L}\p{N}]*$/u, 'must be one word (letters and digits)')
          .optional(),
      })
      .optional(),
    url: z
      .string()
      .trim()
      .max(300, 'must be at most 300 characters')
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
        } catch {
          return false;
        }
      }, 'must be an https:// address')
      .optional(),
    /** When it answers, in the organisation's words ("24/7"). */
    hours: plainText(100).optional(),
  })
  .refine((l) => l.call || l.text || l.url, {
    message: 'needs a number to call, a number to text or an address',
    path: ['call'],
  });
export type CrisisLine = z.infer<typeof CrisisLine>;

export const MAX_CRISIS_LINES = 40;

/** The lines shown until an admin sets the organisation's own. */
export const DEFAULT_CRISIS_LINES: CrisisLine[] = [
  {
    country: 'US',
    name: '988 Suicide & Crisis Lifeline',
    call: '988',
    text: { number: '988' },
    url: 'https://988lifeline.org',
    hours: '24/7',
  },
  {
    country: 'US',
    name: 'Crisis Text Line',
    text: { number: '741741', keyword: 'HOME' },
    url: 'https://www.crisistextline.org',
    hours: '24/7',
  },
  {
    country: 'GB',
    name: 'Samaritans',
    call: '116 123',
    url: 'https://www.samaritans.org',
    hours: '24/7',
  },
  {
    country: 'GB',
    name: 'Shout (Crisis Text Line)',
    text: { number: '85258', keyword: 'SHOUT' },
    url: 'https://giveusashout.org',
    hours: '24/7',
  },
  {
    country: 'IE',
    name: 'Samaritans',
    call: '116 123',
    url: 'https://www.samaritans.org/ireland/',
    hours: '24/7',
  },
  {
    country: 'ES',
    name: 'Línea 024 (atención a la conducta suicida)',
    call: '024',
    hours: '24/7',
  },
  { country: 'INTL', name: 'Find A Helpline', url: 'https://findahelpline.com' },
];

/** Replacing the organisation's crisis lines; `null` goes back to the defaults. */
export const UpdateCrisisLinesBody = z.object({
  lines: z
    .array(CrisisLine)
    .min(1, 'must have at least one line')
    .max(MAX_CRISIS_LINES, `must have at most ${MAX_CRISIS_LINES} lines`)
    .nullable(),
});
export type UpdateCrisisLinesBody = z.input<typeof UpdateCrisisLinesBody>;

export const CrisisLinesSettings = z.object({
  lines: z.array(CrisisLine),
  /** True while the defaults are shown (no lines set by an admin). */
  isDefault: z.boolean(),
});
export type CrisisLinesSettings = z.infer<typeof CrisisLinesSettings>;

/** What every visitor may know about the organisation's settings. */
export const PublicSettings = z.object({
  /** Null when no tile server is configured: no map, no third-party host. */
  map: z.object({ tileUrl: z.string(), attribution: z.string() }).nullable(),
  /** Where to turn in a crisis: shown behind "Get help now" and in the footer. */
  crisisLines: z.array(CrisisLine),
});
export type PublicSettings = z.infer<typeof PublicSettings>;

/** Leaflet's default subdomains for `{s}`; the map uses these and no others. */
export const TILE_SUBDOMAINS = ['a', 'b', 'c'] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The origins (scheme + host + port) a browser fetches tiles from for this address, e.g.
 * `https://tile.example.org`, or one per subdomain when the host has `{s}`. Empty when the
 * address is not usable: https only, except plain http on this machine's loopback (tests,
 * a tile server beside the app).
 */
export function tileOrigins(tileUrl: string): string[] {
  const origins: string[] = [];
  const subs = tileUrl.includes('{s}') ? TILE_SUBDOMAINS : [''];
  for (const sub of subs) {
    let url: URL;
    try {
      url = new URL(tileUrl.replace(/\{s\}/g, sub).replace(/\{[xyzr]\}/g, '0'));
    } catch {
      return [];
    }
    const secure =
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    if (!secure || !url.hostname || url.username || url.password) return [];
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

// ---------------------------------------------------------------------------------------
// The organisation: its name and the texts shown at sign-up and on /privacy and /guidelines

export const ORGANISATION_NAME_MAX = 80;
/** Markdown; long enough for a real privacy notice. */
export const ORGANISATION_TEXT_MAX = 20_000;
export const DEFAULT_ORGANISATION_NAME = 'Iconocast';

export const SENDER_NAME_MAX = 80;

/** An email address, or empty for none (trimmed; at most 254 characters). */
const optionalEmail = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .refine((v) => v === '' || z.email().safeParse(v).success, 'must be an email address')
  .default('');

export const UpdateOrganisationBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(ORGANISATION_NAME_MAX, `must be at most ${ORGANISATION_NAME_MAX} characters`),
  privacyText: z
    .string()
    .trim()
    .max(ORGANISATION_TEXT_MAX, `must be at most ${ORGANISATION_TEXT_MAX} characters`),
  guidelinesText: z
    .string()
    .trim()
    .max(ORGANISATION_TEXT_MAX, `must be at most ${ORGANISATION_TEXT_MAX} characters`),
  /** The name emails come from (empty: the organisation's name). */
  senderName: plainText(SENDER_NAME_MAX).default(''),
  /** The address emails come from (empty: the server's MAIL_FROM). */
  senderAddress: optionalEmail,
  /** Where answers to emails go (empty: to the sender). */
  replyTo: optionalEmail,
});
export type UpdateOrganisationBody = z.input<typeof UpdateOrganisationBody>;

/** What an admin edits (the markdown sources). */
export const OrganisationSettings = UpdateOrganisationBody;
export type OrganisationSettings = z.output<typeof UpdateOrganisationBody>;

/** What everyone sees: the texts rendered from markdown and sanitised (empty: none). */
export const PublicOrganisation = z.object({
  name: z.string(),
  /** Where the logo is served (changes with the image), or null when there is none. */
  logoUrl: z.string().nullable(),
  privacyHtml: z.string(),
  guidelinesHtml: z.string(),
});
export type PublicOrganisation = z.infer<typeof PublicOrganisation>;

// ---------------------------------------------------------------------------------------
// The organisation's logo: PNG, JPEG or WebP, stored by us and served from our own origin

/** The largest logo, in bytes (before base64). */
export const LOGO_MAX_BYTES = 200 * 1024;
/** base64 turns every 3 bytes into 4 characters. */
const LOGO_MAX_BASE64 = Math.ceil(LOGO_MAX_BYTES / 3) * 4;

export type LogoType = 'image/png' | 'image/jpeg' | 'image/webp';

/**
 * What the image is, by its first bytes (its magic number), never by a declared type or a
 * file name: PNG, JPEG or WebP; anything else (SVG, GIF, HTML, …) is null.
 */
export function logoType(bytes: Uint8Array): LogoType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF····WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** The first bytes of a base64 text (enough for logoType), or null when it is not base64. */
function firstBytes(base64: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(base64.slice(0, 24)), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export const UpdateLogoBody = z.strictObject({
  /** The image file, base64-encoded (no `data:` prefix). */
  data: z
    .string()
    .min(1, 'is required')
    .max(LOGO_MAX_BASE64, `must be an image of at most ${LOGO_MAX_BYTES / 1024} KB`)
    .pipe(z.base64('must be base64-encoded'))
    .refine((v) => {
      const head = firstBytes(v);
      return head !== null && logoType(head) !== null;
    }, 'must be a PNG, JPEG or WebP image (SVG is not accepted)'),
});
export type UpdateLogoBody = z.infer<typeof UpdateLogoBody>;
