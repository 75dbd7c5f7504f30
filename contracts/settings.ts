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

/** What every visitor may know about the organisation's settings. */
export const PublicSettings = z.object({
  /** Null when no tile server is configured: no map, no third-party host. */
  map: z.object({ tileUrl: z.string(), attribution: z.string() }).nullable(),
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
