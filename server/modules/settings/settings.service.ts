import { createHash } from 'node:crypto';
import type {
  CrisisLinesSettings,
  MapSettings,
  OrganisationSettings,
  PublicOrganisation,
  PublicSettings,
} from '../../../contracts/settings.ts';
import {
  CrisisLine,
  DEFAULT_CRISIS_LINES,
  DEFAULT_ORGANISATION_NAME,
  LOGO_MAX_BYTES,
  logoType,
  UpdateOrganisationBody,
  type LogoType,
  type UpdateLogoBody,
  MAX_CRISIS_LINES,
  MapAttribution,
  TileUrl,
  tileOrigins,
  type UpdateMapSettingsBody,
} from '../../../contracts/settings.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { invalidField } from '../../lib/errors.ts';
import { authorize, type Actor, type PolicyContext } from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { renderDescription } from '../groups/groups.markdown.ts';
import * as repo from './settings.repository.ts';

const MAP_KEY = 'map';
const CRISIS_KEY = 'crisisLines';
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
 * The stored crisis lines, or null (the defaults) when unset or when what is stored no
 * longer passes today's rules: a visitor in crisis always sees somewhere to turn.
 */
function readCrisisLines(value: unknown): CrisisLine[] | null {
  const lines = CrisisLine.array().min(1).max(MAX_CRISIS_LINES).safeParse(value);
  return lines.success ? lines.data : null;
}

const crisisSettings = (lines: CrisisLine[] | null): CrisisLinesSettings => ({
  lines: lines ?? DEFAULT_CRISIS_LINES,
  isDefault: lines === null,
});

const ORGANISATION_KEY = 'organisation';
const NO_ORGANISATION: OrganisationSettings = {
  name: DEFAULT_ORGANISATION_NAME,
  privacyText: '',
  guidelinesText: '',
  senderName: '',
  senderAddress: '',
  replyTo: '',
};

/** What is stored, or the defaults when unset or no longer valid. */
function readOrganisation(value: unknown): OrganisationSettings {
  const parsed = UpdateOrganisationBody.safeParse(value);
  return parsed.success ? parsed.data : NO_ORGANISATION;
}

/** The name and texts for everyone, the markdown rendered and sanitised (scripts never pass). */
/**
 * The organisation's settings, kept in memory: the public endpoint and the Content-Security-
 * Policy read them on every request without touching the database. Refreshed in the
 * background once older than SETTINGS_MAX_AGE_MS; replaced at once after a write here.
 */
export class SettingsStore {
  private map: MapSettings = NO_MAP;
  private org: OrganisationSettings = NO_ORGANISATION;
  private crisis: CrisisLine[] | null = null;
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
      .findSettings(this.db, [MAP_KEY, CRISIS_KEY, ORGANISATION_KEY])
      .then((values) => {
        if (started !== this.generation) return;
        this.org = readOrganisation(values.get(ORGANISATION_KEY));
        this.crisis = readCrisisLines(values.get(CRISIS_KEY));
        this.apply(readMap(values.get(MAP_KEY)));
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

  /** The crisis lines to show (the organisation's, else the defaults). */
  crisisLines(): CrisisLine[] {
    this.refreshIfStale();
    return this.crisis ?? DEFAULT_CRISIS_LINES;
  }

  /** The organisation's name, texts and sender (read for every email). */
  organisation(): OrganisationSettings {
    this.refreshIfStale();
    return this.org;
  }

  /** After a committed write of the organisation's settings in this instance. */
  replacedOrganisation(org: OrganisationSettings): void {
    this.generation++;
    this.org = org;
    this.loadedAt = this.clock.now().getTime();
  }

  /** After a committed write in this instance. */
  replaced(map: MapSettings): void {
    this.generation++;
    this.apply(map);
  }

  /** After a committed write of the crisis lines in this instance (null: the defaults). */
  replacedCrisisLines(lines: CrisisLine[] | null): void {
    this.generation++;
    this.crisis = lines;
    this.loadedAt = this.clock.now().getTime();
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
    crisisLines: store.crisisLines(),
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

export async function getCrisisLines(
  deps: SettingsDeps,
  actor: Actor,
): Promise<CrisisLinesSettings> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  return crisisSettings(readCrisisLines(await repo.findSetting(deps.db, CRISIS_KEY)));
}

/** Replaces the crisis lines, or goes back to the defaults (`lines: null`); audited. */
export async function updateCrisisLines(
  deps: SettingsDeps,
  actor: Actor,
  body: { lines: CrisisLine[] | null },
): Promise<CrisisLinesSettings> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  const { lines } = body;
  await deps.db.transaction(async (tx) => {
    if (lines) await repo.upsertSetting(tx, CRISIS_KEY, lines, deps.clock.now());
    else await repo.deleteSetting(tx, CRISIS_KEY);
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'settings.crisis_lines_changed',
      resourceType: 'settings',
      resourceId: CRISIS_KEY,
      meta: {
        isDefault: lines === null,
        count: (lines ?? DEFAULT_CRISIS_LINES).length,
        countries: [...new Set((lines ?? DEFAULT_CRISIS_LINES).map((l) => l.country))].join(' '),
      },
    });
  });
  deps.store.replacedCrisisLines(lines);
  return crisisSettings(lines);
}

export async function publicOrganisation(deps: SettingsDeps): Promise<PublicOrganisation> {
  const values = await repo.findSettings(deps.db, [ORGANISATION_KEY, LOGO_VERSION_KEY]);
  const org = readOrganisation(values.get(ORGANISATION_KEY));
  const version = (values.get(LOGO_VERSION_KEY) as { etag?: unknown } | undefined)?.etag;
  return {
    name: org.name,
    logoUrl: typeof version === 'string' ? logoUrl(version) : null,
    privacyHtml: org.privacyText ? renderDescription(org.privacyText) : '',
    guidelinesHtml: org.guidelinesText ? renderDescription(org.guidelinesText) : '',
  };
}

export async function getOrganisation(
  deps: SettingsDeps,
  actor: Actor,
): Promise<OrganisationSettings> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  return readOrganisation(await repo.findSetting(deps.db, ORGANISATION_KEY));
}

/**
 * Replaces the organisation's name, texts and email sender; audited (which parts changed,
 * never the text or addresses).
 */
export async function updateOrganisation(
  deps: SettingsDeps,
  actor: Actor,
  body: OrganisationSettings,
): Promise<OrganisationSettings> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  await deps.db.transaction(async (tx) => {
    const before = readOrganisation(await repo.findSetting(tx, ORGANISATION_KEY));
    await repo.upsertSetting(tx, ORGANISATION_KEY, body, deps.clock.now());
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'settings.organisation_changed',
      resourceType: 'settings',
      resourceId: ORGANISATION_KEY,
      meta: {
        nameChanged: before.name !== body.name,
        privacyChanged: before.privacyText !== body.privacyText,
        guidelinesChanged: before.guidelinesText !== body.guidelinesText,
        senderChanged:
          before.senderName !== body.senderName ||
          before.senderAddress !== body.senderAddress ||
          before.replyTo !== body.replyTo,
      },
    });
  });
  deps.store.replacedOrganisation(body);
  return body;
}

const LOGO_KEY = 'logo';
/** The logo's ETag alone, so the public organisation answer need not read the image. */
const LOGO_VERSION_KEY = 'logoVersion';

/** The logo's address: it changes with the image, so browsers may cache each for a day. */
const logoUrl = (etag: string) => `/api/settings/logo?v=${etag.replace(/"/g, '')}`;

export interface Logo {
  contentType: LogoType;
  bytes: Buffer;
  etag: string;
}

/** The stored logo, or null when there is none or what is stored is no longer a safe image. */
export async function getLogo(deps: SettingsDeps): Promise<Logo | null> {
  const stored = (await repo.findSetting(deps.db, LOGO_KEY)) as
    { data?: unknown; etag?: unknown } | undefined;
  if (typeof stored?.data !== 'string' || typeof stored.etag !== 'string') return null;
  const bytes = Buffer.from(stored.data, 'base64');
  const contentType = logoType(bytes);
  return contentType ? { contentType, bytes, etag: stored.etag } : null;
}

/** Replaces the logo (already checked: PNG, JPEG or WebP by its bytes, at most 200 KB); audited. */
export async function updateLogo(
  deps: SettingsDeps,
  actor: Actor,
  body: UpdateLogoBody,
): Promise<{ logoUrl: string }> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  const bytes = Buffer.from(body.data, 'base64');
  const contentType = logoType(bytes);
  if (!contentType || bytes.length > LOGO_MAX_BYTES) {
    throw invalidField('body.data', 'must be a PNG, JPEG or WebP image of at most 200 KB');
  }
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  await deps.db.transaction(async (tx) => {
    const at = deps.clock.now();
    await repo.upsertSetting(tx, LOGO_KEY, { data: bytes.toString('base64'), etag }, at);
    await repo.upsertSetting(tx, LOGO_VERSION_KEY, { etag }, at);
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'settings.logo_changed',
      resourceType: 'settings',
      resourceId: LOGO_KEY,
      meta: { removed: false, type: contentType, bytes: bytes.length },
    });
  });
  return { logoUrl: logoUrl(etag) };
}

/** Removes the logo; audited. */
export async function deleteLogo(deps: SettingsDeps, actor: Actor): Promise<void> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  await deps.db.transaction(async (tx) => {
    await repo.deleteSetting(tx, LOGO_KEY);
    await repo.deleteSetting(tx, LOGO_VERSION_KEY);
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'settings.logo_changed',
      resourceType: 'settings',
      resourceId: LOGO_KEY,
      meta: { removed: true },
    });
  });
}
