import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, type SignedIn } from '../../test/users.ts';
import {
  addMembership,
  createFacilitator,
  createGroup,
  createMember,
  meetingBody,
  type TestGroup,
} from './meetings.test-helpers.ts';

let t: TestContext;
let group: TestGroup;
let other: TestGroup;
let facilitator: SignedIn;
let otherFacilitator: SignedIn;
let admin: SignedIn;
let requester: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  group = await createGroup(t, { name: 'Alcohol recovery circle' });
  other = await createGroup(t, { isOpen: false });
  facilitator = await createFacilitator(t, group);
  otherFacilitator = await createFacilitator(t, other);
  admin = await createSignedIn(t, { role: 'admin', totpEnabledAt: t.clock.now() });
  requester = await createSignedIn(t, { displayName: 'Sam P.' });
});
afterAll(() => t.close());

async function createMeeting(g: TestGroup, who: SignedIn, name: string): Promise<string> {
  const res = await who.request({
    method: 'POST',
    url: `/api/groups/${g.slug}/meetings`,
    payload: meetingBody({ name }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().slug;
}

async function suggest(
  who: SignedIn,
  slug: string,
  changes: Record<string, unknown>,
  note = 'The hall moved',
) {
  return who.request({
    method: 'POST',
    url: `/api/meetings/${slug}/change-requests`,
    payload: { changes, note },
  });
}

describe('suggesting a change', () => {
  it('lets anyone signed in suggest one, and lists it as theirs', async () => {
    const slug = await createMeeting(group, facilitator, 'Suggest me');
    const res = await suggest(requester, slug, {
      address: '2 Elm St, Springfield',
      startTime: '19:30',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'pending',
      meeting: { slug, name: 'Suggest me' },
      proposed: { address: '2 Elm St, Springfield', startTime: '19:30' },
    });
    const mine = await requester.request({ url: '/api/meeting-change-requests/mine' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().changeRequests.map((c: { id: string }) => c.id)).toContain(res.json().id);
    const pendingOnly = await requester.request({
      url: '/api/meeting-change-requests/mine?status=accepted',
    });
    expect(pendingOnly.json().changeRequests).toEqual([]);
  });

  it('asks visitors to sign in', async () => {
    const slug = await createMeeting(group, facilitator, 'Visitors');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/meetings/${slug}/change-requests`,
      payload: { changes: { name: 'x' } },
    });
    expect(res.statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/meeting-change-requests/mine' })).statusCode).toBe(401);
  });

  it('lets only a closed group’s people suggest changes, so hidden details cannot be probed', async () => {
    const slug = await createMeeting(other, otherFacilitator, 'Closed suggestions');
    const res = await suggest(requester, slug, { address: '1 Main St, Springfield, MA 01101' });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('already');
    const insider = await createMember(t, other);
    expect((await suggest(insider, slug, { startTime: '18:00' })).statusCode).toBe(201);
  });

  it('validates the suggestion like an edit, naming the field', async () => {
    const slug = await createMeeting(group, facilitator, 'Validate');
    for (const [changes, field] of [
      [{ startTime: '25:00' }, 'body.changes.startTime'],
      [{ timezone: 'Not/AZone' }, 'body.changes.timezone'],
      [{ address: null }, 'body.changes.address'],
      [{ recurrence: { kind: 'monthly', week: 0, day: 'MO' } }, 'body.changes.recurrence.week'],
      [{}, 'body.changes'],
      [{ name: 'Validate' }, 'body.changes'],
      [{ slug: 'mine' }, 'body.changes.slug'],
    ] as const) {
      const res = await suggest(requester, slug, changes);
      expect(res.statusCode, JSON.stringify(changes)).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});

describe('deciding a suggestion', () => {
  it('shows staff a side-by-side diff; accepting applies it in one audited step', async () => {
    const slug = await createMeeting(group, facilitator, 'Accept me');
    const created = (
      await suggest(requester, slug, { startTime: '19:30', durationMinutes: 90 })
    ).json();

    const list = await facilitator.request({ url: `/api/meetings/${slug}/change-requests` });
    expect(list.statusCode).toBe(200);
    const [request] = list.json().changeRequests;
    expect(request).toMatchObject({
      id: created.id,
      requester: 'Sam P.',
      note: 'The hall moved',
      group: { slug: group.slug },
      diff: [
        { field: 'startTime', current: '19:00', proposed: '19:30' },
        { field: 'durationMinutes', current: 60, proposed: 90 },
      ],
    });
    const byGroup = await facilitator.request({ url: `/api/groups/${group.slug}/change-requests` });
    expect(byGroup.json().changeRequests.map((c: { id: string }) => c.id)).toContain(created.id);
    const inbox = await facilitator.request({ url: '/api/meeting-change-requests' });
    expect(inbox.json().changeRequests.map((c: { id: string }) => c.id)).toContain(created.id);

    const accepted = await facilitator.request({
      method: 'POST',
      url: `/api/meeting-change-requests/${created.id}/accept`,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');

    const page = (await t.app.inject({ url: `/api/meetings/${slug}` })).json();
    expect(page.meeting).toMatchObject({ startTime: '19:30', durationMinutes: 90 });

    const events = await t.database.db.select().from(auditEvents);
    const mine = events.filter((e) => e.meta.changeRequestId === created.id);
    expect(mine.map((e) => e.action)).toEqual([
      'meeting.change_requested',
      'meeting.updated',
      'meeting.change_request_accepted',
    ]);
    expect(mine[2]!.subjectId).toBe(requester.user.id);

    const email = t.mailer.lastTo(requester.user.email!);
    expect(email?.subject).toBe('Your suggested change was accepted');
    expect(email?.text).not.toContain('Accept me');
    expect(email?.text).not.toContain('Alcohol');

    const again = await facilitator.request({
      method: 'POST',
      url: `/api/meeting-change-requests/${created.id}/reject`,
    });
    expect(again.statusCode).toBe(409);
    const mineNow = (await requester.request({ url: '/api/meeting-change-requests/mine' })).json();
    expect(mineNow.changeRequests.find((c: { id: string }) => c.id === created.id).status).toBe(
      'accepted',
    );
  });

  it('rejects with a note that reaches the requester, changing nothing', async () => {
    const slug = await createMeeting(group, facilitator, 'Reject me');
    const created = (await suggest(requester, slug, { name: 'Renamed' })).json();
    const res = await admin.request({
      method: 'POST',
      url: `/api/meeting-change-requests/${created.id}/reject`,
      payload: { note: 'We kept the name the group chose.' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('rejected');
    expect((await t.app.inject({ url: `/api/meetings/${slug}` })).json().meeting.name).toBe(
      'Reject me',
    );
    const email = t.mailer.lastTo(requester.user.email!);
    expect(email?.subject).toBe('An update on your suggested change');
    expect(email?.text).toContain('We kept the name the group chose.');
    const pending = (
      await facilitator.request({ url: `/api/meetings/${slug}/change-requests` })
    ).json();
    expect(pending.changeRequests).toEqual([]);
    const rejected = (
      await facilitator.request({ url: `/api/meetings/${slug}/change-requests?status=rejected` })
    ).json();
    expect(rejected.changeRequests).toHaveLength(1);
  });

  it('answers 409 naming the field when a suggestion no longer fits, and applies nothing', async () => {
    const slug = await createMeeting(group, facilitator, 'Stale');
    // Suggest dropping the address while an online link exists…
    await facilitator.request({
      method: 'PATCH',
      url: `/api/meetings/${slug}`,
      payload: { conferenceUrl: 'https://zoom.us/j/5' },
    });
    const created = (await suggest(requester, slug, { address: null, name: 'Online now' })).json();
    // …then the link goes away before anyone decides.
    await facilitator.request({
      method: 'PATCH',
      url: `/api/meetings/${slug}`,
      payload: { conferenceUrl: null },
    });
    const res = await facilitator.request({
      method: 'POST',
      url: `/api/meeting-change-requests/${created.id}/accept`,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual([
      'proposed.address',
    ]);
    const page = (await t.app.inject({ url: `/api/meetings/${slug}` })).json();
    expect(page.meeting.name).toBe('Stale');
    const still = (
      await facilitator.request({ url: `/api/meetings/${slug}/change-requests` })
    ).json();
    expect(still.changeRequests).toHaveLength(1);
  });

  it('lets only the group’s staff and admins list and decide', async () => {
    const slug = await createMeeting(group, facilitator, 'Who decides');
    const created = (await suggest(requester, slug, { name: 'Nope' })).json();
    const member = await createMember(t, group);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const who of [requester, member, otherFacilitator]) {
      expect((await who.request({ url: `/api/meetings/${slug}/change-requests` })).statusCode).toBe(
        403,
      );
      for (const verdict of ['accept', 'reject']) {
        // Another group's suggestion answers exactly like one that does not exist.
        const existing = await who.request({
          method: 'POST',
          url: `/api/meeting-change-requests/${created.id}/${verdict}`,
        });
        const random = await who.request({
          method: 'POST',
          url: `/api/meeting-change-requests/${missing}/${verdict}`,
        });
        expect(existing.statusCode, existing.body).toBe(404);
        expect(random.statusCode).toBe(404);
        expect(existing.json()).toEqual(random.json());
        expect(existing.json().error.code).toBe('not_found');
      }
    }
    const untouched = (await facilitator.request({ url: `/api/meetings/${slug}/change-requests` }))
      .json()
      .changeRequests.map((c: { id: string; status: string }) => [c.id, c.status]);
    expect(untouched).toEqual([[created.id, 'pending']]);
    expect((await requester.request({ url: '/api/meeting-change-requests' })).statusCode).toBe(403);
    const otherInbox = (
      await otherFacilitator.request({ url: '/api/meeting-change-requests' })
    ).json();
    expect(otherInbox.changeRequests.map((c: { id: string }) => c.id)).not.toContain(created.id);
    const adminInbox = (await admin.request({ url: '/api/meeting-change-requests' })).json();
    expect(adminInbox.changeRequests.map((c: { id: string }) => c.id)).toContain(created.id);

    const no2fa = await createSignedIn(t, { role: 'facilitator' });
    await addMembership(t, group, no2fa.user.id, 'facilitator');
    const res = await no2fa.request({ url: '/api/meeting-change-requests' });
    expect(res.json().error.code).toBe('two_factor_required');

    expect(
      (
        await facilitator.request({
          method: 'POST',
          url: '/api/meeting-change-requests/00000000-0000-4000-8000-000000000000/accept',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await facilitator.request({
          method: 'POST',
          url: '/api/meeting-change-requests/not-a-uuid/accept',
        })
      ).json().error.details[0].field,
    ).toBe('params.id');
  });
});
