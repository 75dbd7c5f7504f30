import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupJoinRequests } from '../../db/schema/index.ts';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { createSignedIn, TEST_PASSWORD, type SignedIn } from '../../test/users.ts';
import {
  createFacilitator,
  createGroup,
  type TestGroup,
} from '../meetings/meetings.test-helpers.ts';

// The few words a person may leave the facilitators when asking to join a closed group.

let t: TestContext;
let group: TestGroup;
let facilitator: SignedIn;

const MESSAGE = 'I am three weeks off opioids and my sponsor suggested this group.';

const join = (who: SignedIn, payload: unknown) =>
  who.request({
    method: 'POST',
    url: `/api/groups/${group.slug}/join`,
    payload: payload as object,
  });
const requests = async (who: SignedIn) =>
  (await who.request({ method: 'GET', url: `/api/groups/${group.slug}/requests` })).json()
    .requests as { userId: string; message: string | null }[];
const rowsOf = (userId: string) =>
  t.database.db.select().from(groupJoinRequests).where(eq(groupJoinRequests.userId, userId));

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-04-02T09:00:00Z');
  group = await createGroup(t, { isOpen: false, name: 'Opioid Recovery Circle' });
  facilitator = await createFacilitator(t, group);
});
afterAll(() => t.close());

describe('a message with a request to join', () => {
  it('refuses more than 500 characters, naming body.message, and stores nothing', async () => {
    const asker = await createSignedIn(t);
    const res = await join(asker, { message: 'x'.repeat(501) });
    expect(res.statusCode).toBe(400);
    const fields = (res.json() as { error: { details: { field: string }[] } }).error.details;
    expect(fields.map((d) => d.field)).toContain('body.message');
    expect(await rowsOf(asker.user.id)).toEqual([]);
    // 500 after trimming is fine.
    const ok = await join(asker, { message: `  ${'y'.repeat(500)}  ` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await rowsOf(asker.user.id))[0]!.message).toBe('y'.repeat(500));
  });

  it('shows the trimmed message to the facilitators; a blank one is none', async () => {
    const asker = await createSignedIn(t);
    const quiet = await createSignedIn(t);
    expect((await join(asker, { message: `\n  ${MESSAGE}  ` })).json().membership.status).toBe(
      'requested',
    );
    expect((await join(quiet, { message: '   ' })).statusCode).toBe(200);
    const list = await requests(facilitator);
    expect(list.find((r) => r.userId === asker.user.id)?.message).toBe(MESSAGE);
    expect(list.find((r) => r.userId === quiet.user.id)?.message).toBeNull();
  });

  it('tells the facilitators a message is waiting, never what it says', async () => {
    const asker = await createSignedIn(t);
    const before = t.mailer.sent.length;
    await join(asker, { message: MESSAGE });
    const mail = t.mailer.lastTo(facilitator.user.email!)!;
    expect(t.mailer.sent.length).toBe(before + 1);
    expect(mail.subject).toBe('A request to join is waiting');
    expect(mail.text).toContain('A message for the facilitators is waiting');
    expect(mail.text).toContain(`${t.config.publicUrl}/home`);
    for (const leak of ['opioid', 'Opioid', 'sponsor', 'weeks', group.slug, asker.user.email!]) {
      expect(`${mail.subject}\n${mail.text}`).not.toContain(leak);
    }
    const quiet = await createSignedIn(t);
    await join(quiet, {});
    expect(t.mailer.lastTo(facilitator.user.email!)!.text).not.toContain('message');
  });

  it('forgets the message once answered, and keeps the answer with its date', async () => {
    const asker = await createSignedIn(t);
    await join(asker, { message: MESSAGE });
    t.clock.set('2026-04-02T09:05:00Z');
    const res = await facilitator.request({
      method: 'POST',
      url: `/api/groups/${group.slug}/members/${asker.user.id}/decline`,
    });
    expect(res.statusCode).toBe(200);
    const [row] = await rowsOf(asker.user.id);
    expect(row).toMatchObject({ message: null, answer: 'declined' });
    expect(row!.answeredAt?.toISOString()).toBe('2026-04-02T09:05:00.000Z');
    const answered = t.mailer.lastTo(asker.user.email!)!;
    expect(answered.text).toContain(`${t.config.publicUrl}/home`);
  });

  it('leaves nothing behind when the request is withdrawn', async () => {
    const asker = await createSignedIn(t);
    await join(asker, { message: MESSAGE });
    await asker.request({ method: 'POST', url: `/api/groups/${group.slug}/leave` });
    expect(await rowsOf(asker.user.id)).toEqual([]);
  });

  it('is in the account export, and goes with the account', async () => {
    const asker = await createSignedIn(t);
    await join(asker, { message: MESSAGE });
    const doc = (await asker.request({ method: 'GET', url: '/api/account/export' })).json();
    expect(doc.joinRequests).toEqual([
      expect.objectContaining({ groupSlug: group.slug, message: MESSAGE, answer: null }),
    ]);
    const gone = await asker.request({
      method: 'DELETE',
      url: '/api/account',
      payload: { password: TEST_PASSWORD, confirm: 'DELETE' },
    });
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await rowsOf(asker.user.id)).toEqual([]);
  });
});
