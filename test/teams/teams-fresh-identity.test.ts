/**
 * Roles are by e-mail (or UPN), and Teams members are cached for reads; a decision asks the Bot
 * Connector for the member again (`GET /v3/conversations/{id}/members/{userId}`). A demoted approver
 * is refused at once, a promoted one may decide at once, and a decision is never made on a
 * remembered e-mail when Teams cannot be asked. Whole bot over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeTeamsMember } from '../../src/fakes/bot-connector.ts';
import { cardInvoke, personalMessage } from '../helpers/teams-activities.ts';
import { approvalsHere, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Card = { body?: unknown[]; actions?: { verb?: string }[] };
type Person = FakeTeamsMember;
const personal = (who: Person) => `a:personal-${who.id}`;
const textOf = (value: unknown): string => JSON.stringify(value ?? {});
/** An approver in the policy whom no member has as e-mail until someone is promoted to it. */
const carol = 'carol@msp.example';
const roles = `roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example, bob@msp.example, ${carol}]\n  requesters: ["*"]\n`;
const unconfirmed = /could not confirm who you are.*nothing was changed.*try again/i;

let h: TeamsHarness;
/** Writes that reach Pax8 for real (the dry runs the bot makes for previews are `isMock`). */
const writes = async (): Promise<number> =>
  ((await (await fetch(`${h.bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: { isMock?: boolean }[] }).writes.filter((w) => !w.isMock).length;
const memberLookups = (who: Person) => h.connector.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/members/${encodeURIComponent(who.id)}`)).length;

/** Says `text` to the bot in personal chat and waits for an answer that is not the "working" card. */
async function read(who: Person, text: string, answer: RegExp): Promise<string> {
  const before = h.connector.messages(personal(who)).length;
  expect((await h.post(personalMessage(h.serviceUrl, who, text))).status).toBe(200);
  return vi.waitFor(
    () => {
      const found = h.connector.messages(personal(who)).slice(before).map((m) => textOf(m.activity)).find((t) => answer.test(t));
      if (!found) throw new Error(`no answer to "${text}" yet`);
      return found;
    },
    { timeout: 20_000, interval: 50 },
  );
}

/** A subscription without commitment, so `+1` is written at once when approved. */
async function plainSubscription(): Promise<string> {
  for await (const s of h.bot.pax8.get().subscriptions.list({ status: 'Active' })) if (!s.commitment && (s.quantity ?? 0) > 2) return s.id;
  throw new Error('no subscription without commitment in the sandbox');
}

/** tech asks for one more seat; the request id and the card's message in the approvals channel. */
async function pendingSeats(): Promise<{ requestId: string; messageId: string }> {
  const answer = await read(people.tech, `seats ${await plainSubscription()} +1`, /Waiting for approval/);
  const requestId = /Request ([0-9a-f-]{36})/.exec(answer)?.[1];
  if (!requestId) throw new Error(`no request id in ${answer}`);
  const posted = await vi.waitFor(() => {
    const copy = h.connector.messages(teamChannel).find((m) => textOf(m.activity).includes(requestId));
    if (!copy) throw new Error('no channel copy yet');
    return copy;
  });
  return { requestId, messageId: posted.id };
}

/** `who` clicks `verb` on the channel copy; the card Teams shows them in answer. */
async function click(who: Person, verb: string, pending: { requestId: string; messageId: string }, data: Record<string, unknown> = {}): Promise<Card> {
  const response = await h.post(cardInvoke(h.serviceUrl, who, teamChannel, pending.messageId, { verb, requestId: pending.requestId, version: 1, ...data }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: Card }).value;
}

async function expectUnchanged(requestId: string, writesBefore: number): Promise<void> {
  await h.bot.delivery.idle();
  expect(await h.bot.approvals.get(requestId)).toMatchObject({ state: 'pending', version: 1, approvedBy: [] });
  expect(await writes()).toBe(writesBefore);
}

const waitForState = (requestId: string, state: string) => vi.waitFor(async () => expect((await h.bot.approvals.get(requestId))?.state).toBe(state), { timeout: 15_000 });

beforeAll(async () => {
  h = await startTeamsHarness({ roles });
  await approvalsHere(h);
});
afterAll(() => h.close());

describe('Teams decisions ask who clicked afresh', () => {
  it('an approver whose e-mail changed to a non-approver’s is refused at once, though she was cached, and nothing is written', async () => {
    await read(people.ann, 'requests pending', /equest/);
    const pending = await pendingSeats();
    const writesBefore = await writes();
    h.connector.updateMember(people.ann.id, { email: 'ann@contractor.example', userPrincipalName: 'ann@contractor.example' });
    try {
      const approved = await click(people.ann, 'approve', pending);
      expect(textOf(approved)).toMatch(/not allowed to decide/);
      const denied = await click(people.ann, 'deny', pending, { reason: 'no budget' });
      expect(textOf(denied)).toMatch(/not allowed to decide/);
      await expectUnchanged(pending.requestId, writesBefore);
    } finally {
      h.connector.updateMember(people.ann.id, { email: people.ann.email ?? '', userPrincipalName: people.ann.email ?? '' });
    }
  });

  it('someone whose e-mail changed to an approver’s may approve at once, though the old one was cached', async () => {
    await read(people.eve, 'requests mine', /equest/);
    const pending = await pendingSeats();
    const writesBefore = await writes();
    h.connector.updateMember(people.eve.id, { email: carol, userPrincipalName: carol });
    const answer = await click(people.eve, 'approve', pending);
    expect(textOf(answer)).toMatch(/Approved|Done in Pax8|executing|succeeded/);
    await waitForState(pending.requestId, 'succeeded');
    expect((await h.bot.approvals.get(pending.requestId))?.decidedBy).toBe(carol);
    expect((await writes()) - writesBefore).toBe(1);
  });

  it('when Teams cannot say who clicked, the decision is refused with a clear message and nothing changes; the next click decides', async () => {
    await read(people.bob, 'requests pending', /equest/);
    const pending = await pendingSeats();
    const writesBefore = await writes();
    h.connector.failMemberLookups(10, 503);
    try {
      expect(textOf(await click(people.bob, 'approve', pending))).toMatch(unconfirmed);
      await expectUnchanged(pending.requestId, writesBefore);
    } finally {
      h.connector.failMemberLookups(0, 503);
    }
    await click(people.bob, 'approve', pending);
    await waitForState(pending.requestId, 'succeeded');
    expect((await writes()) - writesBefore).toBe(1);
  });

  it('reads use the cached member (one lookup for two messages); a decision asks again and refreshes it', async () => {
    const reader: Person = { id: '29:rea', name: 'Rea Reader', aadObjectId: '00000000-0000-4000-8000-000000000rea', email: 'reader@msp.example', userPrincipalName: 'reader@msp.example' };
    h.connector.addMember(reader);
    await read(reader, 'requests mine', /equest/);
    await read(reader, 'requests pending', /equest/);
    expect(memberLookups(reader)).toBe(1);

    h.connector.updateMember(reader.id, { email: carol, userPrincipalName: carol });
    expect(await read(reader, 'audit', /Only approvers|Audit log/)).toMatch(/Only approvers/);
    expect(memberLookups(reader)).toBe(1);

    const pending = await pendingSeats();
    await click(reader, 'approve', pending);
    await waitForState(pending.requestId, 'succeeded');
    expect(memberLookups(reader)).toBe(2);
    // The decision's answer is kept: a read now sees the new e-mail without asking Teams again.
    expect(await read(reader, 'audit', /Only approvers|Audit log/)).toMatch(/Audit log/);
    expect(memberLookups(reader)).toBe(2);
  });
});
