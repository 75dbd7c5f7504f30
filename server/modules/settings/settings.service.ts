import type { MapSettings, PublicSettings } from '../../../contracts/settings.ts';
import {
  MapAttribution,
  TileUrl,
  tileOrigins,
  type UpdateMapSettingsBody,
} from '../../../contracts/settings.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { authorize, type Actor, type PolicyContext } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './settings.repository.ts';

const MAP_KEY = 'map';
/** Other instances see a change within this long (this one at once). */
export const SETTINGS_MAX_AGE_MS = 30_000;

const NO_MAP: MapSettings = { tileUrl: null, attribution: '' };

/** A stored value that no longer passes today's rules counts as "no map" (fail closed). */
function readMap(value: unknown): MapSettings {
  const v = value as Partial<MapSettings> | undefined;
  if (!v || typeof v.tileUrl !== 'string') return NO_MAP;
  const tileUrl = TileUrl.safeParse(v.tileUrl);
  const attribution = MapAttribution.safeParse(v.attribution ?? '');
  if (!tileUrl.success) return NO_MAP;
  return { tileUrl: tileUrl.data, attribution: attribution.success ? attribution.data : '' };
}

/**
 * The organisation's settings, kept in memory: the public endpoint and the Content-Security-
 * Policy read them on every request without touching the database. Refreshed in the
 * background once older than SETTINGS_MAX_AGE_MS; replaced at once after a write here.
 */
export class SettingsStore {
  private map: MapSettings = NO_MAP;
  private origins: string[] = [];
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Reads the settings now (at start-up, and in the background when stale). */
  load(): Promise<void> {
    if (this.loading) return this.loading;
    const started = this.generation;
    this.loading = repo
      .findSetting(this.db, MAP_KEY)
      .then((value) => {
        if (started === this.generation) this.apply(readMap(value));
      })
      .catch((err: unknown) => {
        // Keep what we had (or "no map"); try again on the next stale read.
        this.loadedAt = this.clock.now().getTime();
        this.onError(err);
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private apply(map: MapSettings): void {
    this.map = map;
    this.origins = map.tileUrl ? tileOrigins(map.tileUrl) : [];
    this.loadedAt = this.clock.now().getTime();
  }

  private refreshIfStale(): void {
    if (this.clock.now().getTime() - this.loadedAt >= SETTINGS_MAX_AGE_MS) void this.load();
  }

  /** The map settings as last read (never waits for the database). */
  mapSettings(): MapSettings {
    this.refreshIfStale();
    return this.map;
  }

  /** Origins the browser may load images from for the map: none without a tile server. */
  tileOrigins(): readonly string[] {
    this.refreshIfStale();
    return this.origins;
  }

  /** After a committed write in this instance. */
  replaced(map: MapSettings): void {
    this.generation++;
    this.apply(map);
  }
}

export interface SettingsDeps {
  db: Db;
  clock: Clock;
  policy: PolicyContext;
  store: SettingsStore;
}

export function publicSettings(store: SettingsStore): PublicSettings {
  const map = store.mapSettings();
  return {
    map: map.tileUrl ? { tileUrl: map.tileUrl, attribution: map.attribution } : null,
  };
}

export async function getMapSettings(deps: SettingsDeps, actor: Actor): Promise<MapSettings> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  return readMap(await repo.findSetting(deps.db, MAP_KEY));
}

/** Sets or clears (tileUrl null) the map's tile server; audited. */
export async function updateMapSettings(
  deps: SettingsDeps,
  actor: Actor,
  body: { tileUrl: string | null; attribution: string } & UpdateMapSettingsBody,
): Promise<MapSettings> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  const map: MapSettings = body.tileUrl
    ? { tileUrl: body.tileUrl, attribution: body.attribution }
    : NO_MAP;
  await deps.db.transaction(async (tx) => {
    await repo.upsertSetting(tx, MAP_KEY, map, deps.clock.now());
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'settings.map_changed',
      resourceType: 'settings',
      resourceId: MAP_KEY,
      // The host, not the whole address (it may carry an API key).
      meta: {
        enabled: map.tileUrl !== null,
        host: map.tileUrl ? tileOrigins(map.tileUrl)[0]! : null,
      },
    });
  });
  deps.store.replaced(map);
  return map;
}
