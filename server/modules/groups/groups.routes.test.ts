import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, groupMemberships, groups, users } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';

let t: TestContext;
let admin: SignedIn;
/** Facilitates `home` (and the groups made with it). */
let facA: SignedIn;
/** Facilitates `elsewhere` only. */
let facB: SignedIn;
/** An active member of `home`. */
let member: SignedIn;
/** Signed in, in no group. */
let other: SignedIn;

let n = 0;
type GroupFields = Partial<typeof groups.$inferInsert>;
interface People {
  facilitators?: SignedIn[];
  members?: SignedIn[];
  requested?: SignedIn[];
}

/** A group straight in the database, with its people. */
async function makeGroup(fields: GroupFields = {}, people: People = {}) {
  n++;
  const [g] = await t.database.db
    .insert(groups)
    .values({
      slug: `group-${n}`,
      name: `Group ${n}`,
      description: 'We meet to support each other.',
      focusAreas: ['alcohol'],
      stage: 'newcomer',
      audience: 'everyone',
      languages: ['en'],
      format: 'online',
      isOpen: true,
      ...fields,
    })
    .returning();
  const add = (
    list: SignedIn[] | undefined,
    role: 'member' | 'facilitator',
    status: 'active' | 'requested',
  ) => (list ?? []).map((p) => ({ groupId: g!.id, userId: p.user.id, role, status }));
  const rows = [
    ...add(people.facilitators, 'facilitator', 'active'),
    ...add(people.members, 'member', 'active'),
    ...add(people.requested, 'member', 'requested'),
  ];
  if (rows.length) await t.database.db.insert(groupMemberships).values(rows);
  return g!;
}

const as = (who: SignedIn | null, opts: InjectOptions) =>
  who ? who.request(opts) : t.app.inject(opts);
const get = (who: SignedIn | null, url: string) => as(who, { method: 'GET', url });
const post = (who: SignedIn | null, url: string, payload?: unknown) =>
  as(who, {
    method: 'POST',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const staff = (role: 'admin' | 'facilitator') =>
  createSignedIn(t, { role, totpEnabledAt: t.clock.now() });

async function membershipOf(groupId: string, userId: string) {
  const [row] = await t.database.db
    .select()
    .from(groupMemberships)
    .where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.userId, userId)));
  return row;
}

async function auditFor(action: string, resourceId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.resourceId, resourceId)));
}

function expectField(res: { statusCode: number; json(): unknown }, field: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { error: { details?: { field: string }[] } };
  expect(body.error.details?.map((d) => d.field)).toContain(field);
}

let home: Awaited<ReturnType<typeof makeGroup>>;
let elsewhere: Awaited<ReturnType<typeof makeGroup>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await staff('admin');
  facA = await staff('facilitator');
  facB = await staff('facilitator');
  member = await createSignedIn(t);
  other = await createSignedIn(t);
  home = await makeGroup(
    { name: 'Home Group', isOpen: false, capacity: 10 },
    { facilitators: [facA], members: [member] },
  );
  elsewhere = await makeGroup({ name: 'Elsewhere' }, { facilitators: [facB] });
});
afterAll(() => t.close());

describe('GET /api/groups', () => {
  it('lists every group to visitors, closed ones too, paged by name', async () => {
    const res = await get(null, '/api/groups?pageSize=1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.groups).toHaveLength(1);
    expect(body.pageCount).toBe(body.total);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const all = (await get(null, '/api/groups?pageSize=50')).json().groups;
    const h = all.find((g: { slug: string }) => g.slug === home.slug);
    expect(h).toMatchObject({ name: 'Home Group', isOpen: false, capacity: 10, placesLeft: 9 });
    // Minimal: no description, agreement or people.
    expect(Object.keys(h).sort()).toEqual(
      [
        'audience',
        'capacity',
        'focusAreas',
        'format',
        'id',
        'isOpen',
        'languages',
        'name',
        'placesLeft',
        'slug',
        'stage',
      ].sort(),
    );
  });

  it('names the bad query field', async () => {
    expectField(await get(null, '/api/groups?page=0'), 'querystring.page');
    expectField(await get(null, '/api/groups?pageSize=500'), 'querystring.pageSize');
  });
});

describe('GET /api/groups/:slug', () => {
  it('shows a closed group’s public page to a visitor, with nothing members-only', async () => {
    const res = await get(null, `/api/groups/${home.slug}`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({
      name: 'Home Group',
      isOpen: false,
      placesLeft: 9,
      description: null,
      facilitators: [{ displayName: facA.user.displayName }],
      viewer: {
        signedIn: false,
        membership: { status: 'none', role: null },
        canManage: false,
        canSeeMembers: false,
        canSeeMeetingDetails: false,
        canManageFacilitators: false,
      },
    });
    expect(page.descriptionHtml).toBe('<p>We meet to support each other.</p>');
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('tells each viewer their own standing', async () => {
    const view = async (who: SignedIn) => (await get(who, `/api/groups/${home.slug}`)).json();
    expect((await view(member)).viewer).toMatchObject({
      signedIn: true,
      membership: { status: 'active', role: 'member' },
      canManage: false,
      canSeeMembers: true,
      canSeeMeetingDetails: true,
    });
    expect((await view(other)).viewer).toMatchObject({
      canSeeMembers: false,
      canSeeMeetingDetails: false,
    });
    expect((await view(facA)).viewer).toMatchObject({
      membership: { status: 'active', role: 'facilitator' },
      canManage: true,
      canManageFacilitators: false,
    });
    expect((await view(facB)).viewer.canManage).toBe(false);
    expect((await view(admin)).viewer).toMatchObject({
      canManage: true,
      canSeeMembers: true,
      canManageFacilitators: true,
    });
  });

  it('gives the markdown source only to those who may edit the group', async () => {
    expect((await get(member, `/api/groups/${home.slug}`)).json().description).toBeNull();
    expect((await get(facB, `/api/groups/${home.slug}`)).json().description).toBeNull();
    expect((await get(facA, `/api/groups/${home.slug}`)).json().description).toBe(
      'We meet to support each other.',
    );
    expect((await get(admin, `/api/groups/${home.slug}`)).json().description).toBe(
      'We meet to support each other.',
    );
  });

  it('strips scripts, images, styles and unsafe links from the description', async () => {
    const g = await makeGroup({
      description: [
        '## Welcome',
        '',
        '**Bold** and _kind_. [Our site](https://example.org "home") and [bad](javascript:alert(1))',
        '',
        '<script>alert("x")</script><style>body{display:none}</style>',
        '<img src=x onerror=alert(1)> ![pic](https://example.org/p.png)',
        '<a href="https://example.org" onclick="steal()">click</a>',
        '<iframe src="https://example.org"></iframe>',
      ].join('\n'),
    });
    const html = (await get(null, `/api/groups/${g.slug}`)).json().descriptionHtml as string;
    expect(html).toContain('<h4>Welcome</h4>');
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).toContain('<em>kind</em>');
    expect(html).toContain(
      '<a href="https://example.org" title="home" rel="nofollow noopener">Our site</a>',
    );
    for (const bad of [
      '<script',
      'alert',
      '<style',
      'display:none',
      '<img',
      'onerror',
      'onclick',
      '<iframe',
      'javascript:',
    ]) {
      expect(html).not.toContain(bad);
    }
  });

  it('accepts the group id in place of its slug', async () => {
    expect((await get(null, `/api/groups/${home.id}`)).json().slug).toBe(home.slug);
  });

  it('answers 404 for an unknown group and 400 naming the field for a malformed one', async () => {
    const res = await get(null, '/api/groups/no-such-group');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expectField(await get(null, '/api/groups/Not%20A%20Slug'), 'params.slug');
  });
});

const newGroup = {
  name: 'Tuesday Évening Circle',
  description: 'A calm group.',
  focusAreas: ['alcohol', 'anxiety'],
  stage: 'early_recovery',
  audience: 'women',
  languages: ['en', 'ES'],
  format: 'hybrid',
  isOpen: false,
  capacity: 12,
  agreement: 'What is said here stays here.',
};

describe('POST /api/groups', () => {
  it('is for facilitators and admins with two-factor on', async () => {
    expect((await post(null, '/api/groups', newGroup)).statusCode).toBe(401);
    const m = await post(member, '/api/groups', newGroup);
    expect(m.statusCode).toBe(403);
    expect(m.json().error.code).toBe('forbidden');
    const fac0 = await createSignedIn(t, { role: 'facilitator' });
    const f0 = await post(fac0, '/api/groups', newGroup);
    expect(f0.statusCode).toBe(403);
    expect(f0.json().error.code).toBe('two_factor_required');
  });

  it('lets a facilitator create a group they then facilitate, with a slug from its name', async () => {
    const changed = vi.spyOn(t.app.directoryEvents, 'changed');
    const fac = await staff('facilitator');
    const res = await post(fac, '/api/groups', newGroup);
    expect(res.statusCode).toBe(201);
    const g = res.json();
    expect(g).toMatchObject({
      slug: 'tuesday-evening-circle',
      languages: ['en', 'es'],
      focusAreas: ['alcohol', 'anxiety'],
      isOpen: false,
      capacity: 12,
      placesLeft: 12,
      facilitators: [{ displayName: fac.user.displayName }],
      viewer: { canManage: true, membership: { status: 'active', role: 'facilitator' } },
    });
    expect(changed).toHaveBeenCalled();
    changed.mockRestore();
    expect(await auditFor('group.created', g.id)).toHaveLength(1);
    const [added] = await auditFor('facilitator.added', g.id);
    expect(added).toMatchObject({ actorId: fac.user.id, subjectId: fac.user.id });

    // The same name again gets the next free slug.
    const again = await post(admin, '/api/groups', newGroup);
    expect(again.statusCode).toBe(201);
    expect(again.json().slug).toBe('tuesday-evening-circle-2');
    // An admin does not become a facilitator by creating a group.
    expect(again.json().facilitators).toEqual([]);
  });

  it('fills in defaults from a name and one focus area', async () => {
    const res = await post(admin, '/api/groups', { name: 'Match', focusAreas: ['gambling'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      slug: 'group-match',
      stage: 'ongoing',
      audience: 'everyone',
      languages: ['en'],
      format: 'in_person',
      isOpen: true,
      capacity: null,
      placesLeft: null,
      agreement: '',
    });
  });

  it('names each bad field and writes nothing', async () => {
    const bad = async (patch: Record<string, unknown>, field: string) =>
      expectField(await post(admin, '/api/groups', { ...newGroup, ...patch }), field);
    await bad({ focusAreas: ['booze'] }, 'body.focusAreas.0');
    await bad({ focusAreas: [] }, 'body.focusAreas');
    await bad({ stage: 'forever' }, 'body.stage');
    await bad({ audience: 'aliens' }, 'body.audience');
    await bad({ format: 'carrier-pigeon' }, 'body.format');
    await bad({ languages: ['english!'] }, 'body.languages.0');
    await bad({ capacity: 0 }, 'body.capacity');
    await bad({ capacity: 2.5 }, 'body.capacity');
    await bad({ name: '  ' }, 'body.name');
    await bad({ colour: 'blue' }, 'body.colour');
    const list = (await get(null, '/api/groups?pageSize=50')).json().groups;
    expect(list.filter((g: { name: string }) => g.name === newGroup.name)).toHaveLength(2);
  });
});

describe('PATCH /api/groups/:slug', () => {
  it("refuses a capacity below today's member count, naming body.capacity and the floor", async () => {
    const people = [await createSignedIn(t), await createSignedIn(t), await createSignedIn(t)];
    const g = await makeGroup({ capacity: 10 }, { facilitators: [facA], members: people });
    const patch = (capacity: number) =>
      as(facA, { method: 'PATCH', url: `/api/groups/${g.slug}`, payload: { capacity } });
    const low = await patch(2);
    expect(low.statusCode).toBe(400);
    expect(low.json().error.details).toEqual([
      expect.objectContaining({ field: 'body.capacity', issue: 'too_small', minimum: 3 }),
    ]);
    expect((await patch(3)).json()).toMatchObject({ capacity: 3, placesLeft: 0 });
  });

  it('is for the group’s own facilitators and admins', async () => {
    const g = await makeGroup({}, { facilitators: [facA], members: [member] });
    const patch = (who: SignedIn | null, payload: object) =>
      as(who, { method: 'PATCH', url: `/api/groups/${g.slug}`, payload });
    expect((await patch(null, { name: 'Renamed' })).statusCode).toBe(401);
    expect((await patch(member, { name: 'Renamed' })).statusCode).toBe(403);
    expect((await patch(facB, { name: 'Renamed' })).statusCode).toBe(403);
    const byFac = await patch(facA, { name: 'Renamed by facilitator', capacity: 5 });
    expect(byFac.statusCode).toBe(200);
    // The slug stays, so shared links keep working.
    expect(byFac.json()).toMatchObject({
      slug: g.slug,
      name: 'Renamed by facilitator',
      capacity: 5,
      placesLeft: 4,
    });
    const [event] = await auditFor('group.updated', g.id);
    expect(event).toMatchObject({ actorId: facA.user.id, meta: { fields: 'capacity,name' } });
    expect((await patch(admin, { isOpen: false })).json().isOpen).toBe(false);
  });

  it('names the bad field', async () => {
    expectField(
      await as(admin, {
        method: 'PATCH',
        url: `/api/groups/${home.slug}`,
        payload: { stage: 'x' },
      }),
      'body.stage',
    );
    expectField(
      await as(admin, {
        method: 'PATCH',
        url: `/api/groups/${home.slug}`,
        payload: { slug: 'new-slug' },
      }),
      'body.slug',
    );
  });
});

describe('a group’s public area', () => {
  it('is set by its facilitators, trimmed, shown to everyone, and cleared when empty', async () => {
    const g = await makeGroup({ isOpen: false }, { facilitators: [facA], members: [member] });
    const patch = (who: SignedIn | null, payload: object) =>
      as(who, { method: 'PATCH', url: `/api/groups/${g.slug}`, payload });
    expect((await get(null, `/api/groups/${g.slug}`)).json().publicArea).toBeNull();
    expect((await patch(member, { publicArea: 'Somewhere' })).statusCode).toBe(403);
    expect((await patch(facB, { publicArea: 'Somewhere' })).statusCode).toBe(403);
    const saved = await patch(facA, { publicArea: '  North Bristol  ' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().publicArea).toBe('North Bristol');
    const [event] = await auditFor('group.updated', g.id);
    expect(event?.meta).toEqual({ fields: 'publicArea' });
    for (const who of [null, other]) {
      expect((await get(who, `/api/groups/${g.slug}`)).json().publicArea).toBe('North Bristol');
    }
    expect((await patch(facA, { publicArea: '   ' })).json().publicArea).toBeNull();
    expect((await patch(admin, { publicArea: 'Old Town' })).json().publicArea).toBe('Old Town');
    expect((await patch(admin, { publicArea: null })).json().publicArea).toBeNull();
  });

  it('is taken when a group is created, and limited in length', async () => {
    const created = await post(admin, '/api/groups', {
      name: 'Area group',
      focusAreas: ['alcohol'],
      isOpen: false,
      publicArea: 'East Leeds',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().publicArea).toBe('East Leeds');
    const plain = await post(admin, '/api/groups', { name: 'No area', focusAreas: ['alcohol'] });
    expect(plain.json().publicArea).toBeNull();
    expectField(
      await as(admin, {
        method: 'PATCH',
        url: `/api/groups/${home.slug}`,
        payload: { publicArea: 'x'.repeat(81) },
      }),
      'body.publicArea',
    );
    expectField(
      await as(admin, {
        method: 'PATCH',
        url: `/api/groups/${home.slug}`,
        payload: { publicArea: 12 },
      }),
      'body.publicArea',
    );
  });
});

describe('joining and leaving', () => {
  it('asks visitors to sign in', async () => {
    expect((await post(null, `/api/groups/${elsewhere.slug}/join`, {})).statusCode).toBe(401);
    expect((await post(null, `/api/groups/${elsewhere.slug}/leave`)).statusCode).toBe(401);
  });

  it('joins an open group at once, once the agreement is accepted', async () => {
    const g = await makeGroup({ agreement: 'Be kind.' });
    const me = await createSignedIn(t);
    const refused = await post(me, `/api/groups/${g.slug}/join`, {});
    expectField(refused, 'body.acceptAgreement');
    expect(refused.json().error.message).toMatch(/agreement/);
    expectField(
      await post(me, `/api/groups/${g.slug}/join`, { acceptAgreement: false }),
      'body.acceptAgreement',
    );
    expect(await membershipOf(g.id, me.user.id)).toBeUndefined();

    const changed = vi.spyOn(t.app.directoryEvents, 'changed');
    const res = await post(me, `/api/groups/${g.slug}/join`, { acceptAgreement: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ membership: { status: 'active', role: 'member' } });
    expect(changed).toHaveBeenCalled();
    changed.mockRestore();
    expect((await membershipOf(g.id, me.user.id))!.agreementAcceptedAt).not.toBeNull();

    const again = await post(me, `/api/groups/${g.slug}/join`, { acceptAgreement: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already a member/);
  });

  it('needs no body when the group has no agreement', async () => {
    const g = await makeGroup();
    const me = await createSignedIn(t);
    const res = await post(me, `/api/groups/${g.slug}/join`);
    expect(res.statusCode).toBe(200);
    expect(res.json().membership.status).toBe('active');
  });

  it('turns joining a closed group into a request, and asking twice is harmless', async () => {
    const me = await createSignedIn(t);
    const res = await post(me, `/api/groups/${home.slug}/join`, {});
    expect(res.json()).toEqual({ membership: { status: 'requested', role: null } });
    const twice = await post(me, `/api/groups/${home.slug}/join`, {});
    expect(twice.statusCode).toBe(200);
    expect(twice.json().membership.status).toBe('requested');
    // A request gives no access yet.
    expect((await get(me, `/api/groups/${home.slug}/members`)).statusCode).toBe(403);
    expect((await get(me, `/api/groups/${home.slug}`)).json().viewer).toMatchObject({
      membership: { status: 'requested', role: null },
      canSeeMeetingDetails: false,
    });
    // Withdrawing the request leaves no trace.
    const left = await post(me, `/api/groups/${home.slug}/leave`);
    expect(left.json()).toEqual({ membership: { status: 'none', role: null } });
    expect(await membershipOf(home.id, me.user.id)).toBeUndefined();
  });

  it('refuses kindly when the group is full (facilitators take no place)', async () => {
    const first = await createSignedIn(t);
    const g = await makeGroup({ capacity: 1 }, { facilitators: [facA], members: [first] });
    expect((await get(null, `/api/groups/${g.slug}`)).json().placesLeft).toBe(0);
    const me = await createSignedIn(t);
    const res = await post(me, `/api/groups/${g.slug}/join`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/full at the moment/);
    const closed = await makeGroup({ capacity: 1, isOpen: false }, { members: [first] });
    expect((await post(me, `/api/groups/${closed.slug}/join`, {})).statusCode).toBe(409);
  });

  it('lets a member leave, and refuses to leave a group one is not in', async () => {
    const me = await createSignedIn(t);
    const g = await makeGroup({}, { members: [me] });
    const res = await post(me, `/api/groups/${g.slug}/leave`);
    expect(res.json()).toEqual({ membership: { status: 'left', role: null } });
    expect((await post(me, `/api/groups/${g.slug}/leave`)).statusCode).toBe(409);
    expect((await post(other, `/api/groups/${g.slug}/leave`)).statusCode).toBe(409);
    // Coming back is a fresh join.
    expect((await post(me, `/api/groups/${g.slug}/join`)).json().membership.status).toBe('active');
  });

  it('answers 404 for an unknown group', async () => {
    expect((await post(other, '/api/groups/nope/join', {})).statusCode).toBe(404);
  });
});

describe('GET /api/groups/:slug/members', () => {
  let g: Awaited<ReturnType<typeof makeGroup>>;
  let shy: SignedIn;
  let quiet: SignedIn;
  let gone: SignedIn;
  let suspended: SignedIn;

  beforeAll(async () => {
    shy = await createSignedIn(t, { displayName: 'Shy S.', profileVisibility: 'facilitators' });
    quiet = await createSignedIn(t, {
      displayName: 'Quiet Q.',
      pronouns: 'they/them',
      showPronouns: false,
    });
    gone = await createSignedIn(t, { displayName: 'Gone G.' });
    suspended = await createSignedIn(t, { displayName: 'Paused P.' });
    const open = await createSignedIn(t, { displayName: 'Open O.', pronouns: 'she/her' });
    g = await makeGroup(
      { isOpen: false },
      { facilitators: [facA], members: [member, shy, quiet, gone, suspended, open] },
    );
    await t.database.db
      .update(users)
      .set({ status: 'deleted', displayName: null, email: null })
      .where(eq(users.id, gone.user.id));
    await t.database.db
      .update(users)
      .set({ status: 'suspended' })
      .where(eq(users.id, suspended.user.id));
  });

  const names = async (who: SignedIn) => {
    const res = await get(who, `/api/groups/${g.slug}/members`);
    expect(res.statusCode).toBe(200);
    return (res.json().members as { displayName: string }[]).map((m) => m.displayName);
  };

  it('is for members of the group, its facilitators and admins', async () => {
    expect((await get(null, `/api/groups/${g.slug}/members`)).statusCode).toBe(401);
    const outsider = await get(other, `/api/groups/${g.slug}/members`);
    expect(outsider.statusCode).toBe(403);
    expect((await get(facB, `/api/groups/${g.slug}/members`)).statusCode).toBe(403);
    const admin0 = await createSignedIn(t, { role: 'admin' });
    expect((await get(admin0, `/api/groups/${g.slug}/members`)).json().error.code).toBe(
      'two_factor_required',
    );
  });

  it('hides people who show their profile to facilitators only from other members', async () => {
    const seenByMember = await names(member);
    expect(seenByMember).not.toContain('Shy S.');
    expect(seenByMember).toEqual(
      expect.arrayContaining([facA.user.displayName, member.user.displayName, 'Quiet Q.']),
    );
    expect(await names(facA)).toContain('Shy S.');
    expect(await names(admin)).toContain('Shy S.');
    // Shy sees themselves.
    expect(await names(shy)).toContain('Shy S.');
  });

  it('never shows deleted accounts, and shows suspended ones to managers only', async () => {
    for (const who of [member, facA, admin]) expect(await names(who)).not.toContain('Gone G.');
    expect(await names(member)).not.toContain('Paused P.');
    expect(await names(facA)).toContain('Paused P.');
  });

  it('lists facilitators first, with pronouns only where people show them', async () => {
    const res = (await get(member, `/api/groups/${g.slug}/members`)).json();
    expect(res.members[0]).toMatchObject({ role: 'facilitator', userId: facA.user.id });
    const byName = Object.fromEntries(
      res.members.map((m: { displayName: string }) => [m.displayName, m]),
    );
    expect(byName['Quiet Q.'].pronouns).toBeNull();
    expect(byName['Open O.'].pronouns).toBe('she/her');
    expect(byName[member.user.displayName!].isYou).toBe(true);
    expect(Object.keys(byName['Open O.']).sort()).toEqual(
      ['displayName', 'isYou', 'pronouns', 'role', 'userId'].sort(),
    );
  });
});

describe('requests, approvals, declines and removals', () => {
  it('shows waiting requests to the group’s facilitators and admins only', async () => {
    const asker = await createSignedIn(t);
    const g = await makeGroup(
      { isOpen: false },
      { facilitators: [facA], members: [member], requested: [asker] },
    );
    for (const who of [null, member, other, facB]) {
      expect((await get(who, `/api/groups/${g.slug}/requests`)).statusCode).toBe(who ? 403 : 401);
    }
    for (const who of [facA, admin]) {
      const res = await get(who, `/api/groups/${g.slug}/requests`);
      expect(res.statusCode).toBe(200);
      expect(res.json().requests).toEqual([
        expect.objectContaining({ userId: asker.user.id, displayName: asker.user.displayName }),
      ]);
    }
  });

  it('approves a request, audits it and sends an email that names nothing', async () => {
    const asker = await createSignedIn(t);
    const g = await makeGroup(
      { isOpen: false, name: 'Alcohol Recovery Circle', focusAreas: ['alcohol'] },
      { facilitators: [facA], requested: [asker] },
    );
    const url = `/api/groups/${g.slug}/members/${asker.user.id}/approve`;
    expect((await post(null, url)).statusCode).toBe(401);
    expect((await post(member, url)).statusCode).toBe(403);
    expect((await post(facB, url)).statusCode).toBe(403);
    expect((await post(asker, url)).statusCode).toBe(403);

    const res = await post(facA, url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userId: asker.user.id, status: 'active' });
    expect((await membershipOf(g.id, asker.user.id))!.status).toBe('active');
    const [event] = await auditFor('membership.approved', g.id);
    expect(event).toMatchObject({ actorId: facA.user.id, subjectId: asker.user.id });

    const email = t.mailer.lastTo(asker.user.email!);
    expect(email?.subject).toBe('Your request to join a group was answered');
    for (const leak of ['Alcohol', 'alcohol', 'Recovery', 'Circle', g.slug]) {
      expect(`${email!.subject}\n${email!.text}`).not.toContain(leak);
    }
    // Now a member: the closed group's details open up.
    expect((await get(asker, `/api/groups/${g.slug}`)).json().viewer.canSeeMeetingDetails).toBe(
      true,
    );
  });

  it('declines a request with the same neutral email; the person may ask again', async () => {
    const asker = await createSignedIn(t);
    const g = await makeGroup({ isOpen: false }, { facilitators: [facA], requested: [asker] });
    const res = await post(admin, `/api/groups/${g.slug}/members/${asker.user.id}/decline`);
    expect(res.json()).toEqual({ userId: asker.user.id, status: 'none' });
    expect(await membershipOf(g.id, asker.user.id)).toBeUndefined();
    expect(await auditFor('membership.declined', g.id)).toEqual([
      expect.objectContaining({ actorId: admin.user.id, subjectId: asker.user.id }),
    ]);
    expect(t.mailer.lastTo(asker.user.email!)?.subject).toBe(
      'Your request to join a group was answered',
    );
    expect((await post(asker, `/api/groups/${g.slug}/join`)).json().membership.status).toBe(
      'requested',
    );
  });

  it('answers 404 for a request that does not exist', async () => {
    const g = await makeGroup({ isOpen: false }, { facilitators: [facA], members: [member] });
    expect(
      (await post(facA, `/api/groups/${g.slug}/members/${other.user.id}/approve`)).statusCode,
    ).toBe(404);
    expect(
      (await post(facA, `/api/groups/${g.slug}/members/${other.user.id}/decline`)).statusCode,
    ).toBe(404);
    expect(
      (await post(facA, `/api/groups/${g.slug}/members/${other.user.id}/remove`)).statusCode,
    ).toBe(404);
    expectField(
      await post(facA, `/api/groups/${g.slug}/members/not-a-uuid/approve`),
      'params.userId',
    );
  });

  it('will not approve past the capacity', async () => {
    const first = await createSignedIn(t);
    const asker = await createSignedIn(t);
    const g = await makeGroup(
      { isOpen: false, capacity: 1 },
      { facilitators: [facA], members: [first], requested: [asker] },
    );
    const res = await post(facA, `/api/groups/${g.slug}/members/${asker.user.id}/approve`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/full/);
    expect((await membershipOf(g.id, asker.user.id))!.status).toBe('requested');
  });

  it('removes a member; their next join waits for a facilitator, even in an open group', async () => {
    const target = await createSignedIn(t);
    const g = await makeGroup({}, { facilitators: [facA], members: [target] });
    const url = `/api/groups/${g.slug}/members/${target.user.id}/remove`;
    expect((await post(facB, url)).statusCode).toBe(403);
    const res = await post(facA, url);
    expect(res.json()).toEqual({ userId: target.user.id, status: 'removed' });
    expect(await auditFor('membership.removed', g.id)).toEqual([
      expect.objectContaining({ subjectId: target.user.id }),
    ]);
    expect((await get(target, `/api/groups/${g.slug}`)).json().viewer.membership.status).toBe(
      'removed',
    );
    expect((await post(target, `/api/groups/${g.slug}/join`)).json().membership.status).toBe(
      'requested',
    );
  });

  it('leaves a facilitator’s place to admins', async () => {
    const co = await staff('facilitator');
    const g = await makeGroup({}, { facilitators: [facA, co] });
    const res = await post(facA, `/api/groups/${g.slug}/members/${co.user.id}/remove`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/Only admins/);
  });

  it('stops a facilitator demoted to member from managing at once', async () => {
    const demoted = await createSignedIn(t, { totpEnabledAt: t.clock.now() });
    const asker = await createSignedIn(t);
    const g = await makeGroup({ isOpen: false }, { facilitators: [demoted], requested: [asker] });
    expect(
      (await post(demoted, `/api/groups/${g.slug}/members/${asker.user.id}/approve`)).statusCode,
    ).toBe(403);
    // Still in the group, so the member list stays open to them.
    expect((await get(demoted, `/api/groups/${g.slug}/members`)).statusCode).toBe(200);
    expect((await get(null, `/api/groups/${g.slug}`)).json().facilitators).toEqual([]);
  });
});

describe('facilitators', () => {
  it('lets admins add and remove a group’s facilitators, audited', async () => {
    const g = await makeGroup({}, { members: [member] });
    const url = `/api/groups/${g.slug}/facilitators`;
    expect((await post(facA, url, { userId: facB.user.id })).statusCode).toBe(403);
    expect((await post(member, url, { userId: facB.user.id })).statusCode).toBe(403);
    expect((await post(null, url, { userId: facB.user.id })).statusCode).toBe(401);

    const res = await post(admin, url, { userId: facB.user.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().facilitators).toEqual([
      { userId: facB.user.id, displayName: facB.user.displayName },
    ]);
    expect(await auditFor('facilitator.added', g.id)).toEqual([
      expect.objectContaining({ actorId: admin.user.id, subjectId: facB.user.id }),
    ]);
    // The new facilitator may now manage the group.
    expect((await get(facB, `/api/groups/${g.slug}`)).json().viewer.canManage).toBe(true);

    const del = await as(admin, { method: 'DELETE', url: `${url}/${facB.user.id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json().facilitators).toEqual([]);
    expect(await auditFor('facilitator.removed', g.id)).toEqual([
      expect.objectContaining({ subjectId: facB.user.id }),
    ]);
    expect((await membershipOf(g.id, facB.user.id))!).toMatchObject({
      role: 'member',
      status: 'active',
    });
    expect((await as(admin, { method: 'DELETE', url: `${url}/${facB.user.id}` })).statusCode).toBe(
      404,
    );
  });

  it('only makes people with the facilitator role facilitators', async () => {
    const res = await post(admin, `/api/groups/${home.slug}/facilitators`, {
      userId: member.user.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/facilitator role/);
    const unknown = await post(admin, `/api/groups/${home.slug}/facilitators`, {
      userId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expectField(
      await post(admin, `/api/groups/${home.slug}/facilitators`, { userId: 'x' }),
      'body.userId',
    );
  });
});

describe('POST /api/groups/match', () => {
  it('ranks groups for a visitor’s answers with translatable reasons', async () => {
    const best = await makeGroup({
      name: 'Zz Newcomers in Spanish',
      focusAreas: ['gaming_internet'],
      stage: 'newcomer',
      languages: ['es'],
      format: 'online',
    });
    const english = await makeGroup({
      name: 'Zz English only',
      focusAreas: ['gaming_internet'],
      stage: 'newcomer',
      languages: ['en'],
      format: 'online',
    });
    await makeGroup({ name: 'Zz Unrelated', focusAreas: ['nicotine'], languages: ['es'] });
    const res = await post(null, '/api/groups/match', {
      workingOn: ['gaming_internet'],
      howLong: 'not_started',
      language: 'es',
      attendance: 'online',
    });
    expect(res.statusCode).toBe(200);
    const matches = res.json().matches;
    expect(matches.map((m: { group: { slug: string } }) => m.group.slug)).toEqual([
      best.slug,
      english.slug,
    ]);
    expect(matches[0]).toMatchObject({ fits: true });
    expect(matches[0].reasons).toEqual(
      expect.arrayContaining([
        { code: 'focus', params: { areas: ['gaming_internet'] } },
        { code: 'stage', params: { stage: 'newcomer' } },
        { code: 'language', params: { language: 'es' } },
        { code: 'format', params: { format: 'online' } },
        { code: 'open' },
      ]),
    );
    expect(matches[1]).toMatchObject({ fits: false });
    expect(matches[1].reasons).toContainEqual({
      code: 'language_missing',
      params: { language: 'es' },
    });
  });

  it('names the bad answer', async () => {
    expectField(
      await post(null, '/api/groups/match', { workingOn: [], howLong: 'not_started' }),
      'body.workingOn',
    );
    expectField(
      await post(null, '/api/groups/match', { workingOn: ['alcohol'], howLong: 'ages' }),
      'body.howLong',
    );
    expectField(
      await post(null, '/api/groups/match', {
        workingOn: ['alcohol'],
        howLong: 'not_started',
        attendance: 'teleport',
      }),
      'body.attendance',
    );
  });
});
