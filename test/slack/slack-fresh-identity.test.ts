/**
 * Roles are by e-mail, and Slack e-mails are cached for reads; a decision asks `users.info` again.
 * A demoted approver is refused at once, a promoted one may decide at once, and a decision is never
 * made on a remembered e-mail when Slack cannot be asked. Whole bot over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackCall, FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { answerTo, approvalsChannel, defaultRoles, eventually, generalChannel, msDetails, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann, bob } = slackPeople;
/** An approver in the policy whom no Slack user has as e-mail until someone is promoted to it. */
const carol = 'carol@msp.example';
const pat = { id: 'U0PAT', name: 'pat', email: 'pat@msp.example', realName: 'Pat Requester' };
const unconfirmed = /could not confirm who you are.*nothing was changed.*try again/i;

describe('Slack decisions ask who clicked afresh', () => {
  let h: SlackBotHarness;
  let quantity = 10;
  beforeAll(async () => {
    h = await startSlackBot({ roles: defaultRoles.replace('approvers: [ann@msp.example, bob@msp.example]', `approvers: [ann@msp.example, bob@msp.example, ${carol}]`) });
    h.fake.addUser(pat);
  });
  afterAll(() => h.close());

  /** tech buys; the card in the approvals channel and the request id. Each call asks for another quantity. */
  async function pendingPurchase(): Promise<{ requestId: string; card: FakeSlackMessage; requesterCopy: FakeSlackMessage }> {
    quantity += 1;
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    const generalBefore = h.fake.messages(generalChannel).filter((m) => !m.visibleTo).length;
    expect((await h.command(tech.id, `buy cedar dental "Exchange Online (Plan 1)" ${quantity} monthly ${msDetails}`)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card in the approvals channel');
    const requesterCopy = await eventually(() => h.fake.messages(generalChannel).filter((m) => !m.visibleTo)[generalBefore], 'the requester copy');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1];
    if (!requestId) throw new Error('no request id on the card');
    return { requestId, card, requesterCopy };
  }

  /** The next private line for `user` (after `since` such lines) whose text matches. */
  async function privateAnswer(user: string, since: number, pattern: RegExp): Promise<FakeSlackCall> {
    return eventually(() => privateLines(user).slice(since).find((c) => pattern.test(String(c.args['text']))), `a private answer to ${user} matching ${pattern}`);
  }
  const privateLines = (user: string) => h.fake.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === user);
  const usersInfoCalls = (user: string) => h.fake.callsOf('users.info').filter((c) => c.args['user'] === user).length;
  const stateOf = async (id: string) => (await h.bot.approvals.get(id))?.state;

  /** Nothing reached Pax8 and the request is as it was: pending, at its version, no approval recorded. */
  async function expectUnchanged(requestId: string, writesBefore: number): Promise<void> {
    await h.bot.delivery.idle();
    expect(await h.bot.approvals.get(requestId)).toMatchObject({ state: 'pending', version: 1, approvedBy: [] });
    expect((await h.writes()).length).toBe(writesBefore);
  }

  it('an approver whose e-mail changed to a non-approver’s is refused at once, though her e-mail was cached, and nothing is written', async () => {
    expect(await answerTo(h, ann.id, 'requests pending')).toMatch(/^said: /);
    const { requestId, card } = await pendingPurchase();
    const writesBefore = (await h.writes()).length;
    h.fake.updateUser(ann.id, { email: 'ann@contractor.example' });
    try {
      const since = privateLines(ann.id).length;
      expect((await h.click(ann.id, approvalsChannel, card, 'approve')).status).toBe(200);
      await privateAnswer(ann.id, since, /not allowed to decide/);
      await expectUnchanged(requestId, writesBefore);
      // Deny opens no modal for her either: the click is refused with the same explanation.
      const opensBefore = h.fake.callsOf('views.open').length;
      await h.click(ann.id, approvalsChannel, card, 'deny', { actionTs: '1700000200.1' });
      await privateAnswer(ann.id, since + 1, /not allowed to decide/);
      expect(h.fake.callsOf('views.open').length).toBe(opensBefore);
      await expectUnchanged(requestId, writesBefore);
    } finally {
      h.fake.updateUser(ann.id, { email: ann.email });
    }
  });

  it('a deny form opened before a demotion decides nothing when submitted after it', async () => {
    const { requestId, card } = await pendingPurchase();
    const writesBefore = (await h.writes()).length;
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(bob.id, approvalsChannel, card, 'deny');
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the deny modal');
    const view = JSON.parse(String(opened.args['view'])) as Record<string, unknown>;
    h.fake.updateUser(bob.id, { email: 'bob@contractor.example' });
    try {
      const since = privateLines(bob.id).length;
      const submitted = await h.submitView(bob.id, view, { reason_input: { reason_input: { type: 'plain_text_input', value: 'Not this month' } } });
      expect(submitted.status).toBe(200);
      await privateAnswer(bob.id, since, /not allowed to decide/);
      await expectUnchanged(requestId, writesBefore);
    } finally {
      h.fake.updateUser(bob.id, { email: bob.email });
    }
  });

  it('a requester whose e-mail changed can no longer cancel the request made under the old one', async () => {
    expect(await answerTo(h, tech.id, 'requests mine')).toMatch(/^said: /);
    const { requestId, requesterCopy } = await pendingPurchase();
    h.fake.updateUser(tech.id, { email: 'tim@contractor.example' });
    try {
      const since = privateLines(tech.id).length;
      await h.click(tech.id, generalChannel, requesterCopy, 'cancel_request');
      await privateAnswer(tech.id, since, /not allowed to decide|Only the requester/);
      expect(await stateOf(requestId)).toBe('pending');
    } finally {
      h.fake.updateUser(tech.id, { email: tech.email });
    }
  });

  it('someone whose e-mail changed to an approver’s may approve at once, though the old one was cached', async () => {
    expect(await answerTo(h, pat.id, 'requests mine')).toMatch(/^said: /);
    const { requestId, card } = await pendingPurchase();
    const writesBefore = (await h.writes()).length;
    h.fake.updateUser(pat.id, { email: carol });
    const since = privateLines(pat.id).length;
    await h.click(pat.id, approvalsChannel, card, 'approve');
    await privateAnswer(pat.id, since, /^Approved/);
    await eventually(async () => (await stateOf(requestId)) === 'succeeded', 'the order to succeed');
    expect((await h.bot.approvals.get(requestId))?.decidedBy).toBe(carol);
    expect((await h.writes()).length - writesBefore).toBe(1);
  });

  it('when Slack cannot say who clicked, the decision is refused with a clear message and nothing changes; the next click decides', async () => {
    expect(await answerTo(h, ann.id, 'requests pending')).toMatch(/^said: /);
    const { requestId, card } = await pendingPurchase();
    const writesBefore = (await h.writes()).length;
    const since = privateLines(ann.id).length;
    h.fake.failNext('users.info', 'service_unavailable');
    await h.click(ann.id, approvalsChannel, card, 'approve', { actionTs: '1700000300.1' });
    await privateAnswer(ann.id, since, unconfirmed);
    await expectUnchanged(requestId, writesBefore);

    h.fake.failNext('users.info', 'service_unavailable');
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(ann.id, approvalsChannel, card, 'deny', { actionTs: '1700000300.2' });
    await privateAnswer(ann.id, since + 1, unconfirmed);
    expect(h.fake.callsOf('views.open').length).toBe(opensBefore);
    await expectUnchanged(requestId, writesBefore);

    await h.click(ann.id, approvalsChannel, card, 'approve', { actionTs: '1700000300.3' });
    await eventually(async () => (await stateOf(requestId)) === 'succeeded', 'the order to succeed');
    expect((await h.writes()).length - writesBefore).toBe(1);
  });

  it('reads use the cached e-mail (one users.info for two commands); a decision asks again and refreshes it', async () => {
    const reader = { id: 'U0READ', name: 'rea', email: 'reader@msp.example' };
    h.fake.addUser(reader);
    expect(await answerTo(h, reader.id, 'requests mine')).toMatch(/^said: /);
    expect(await answerTo(h, reader.id, 'requests pending')).toMatch(/^said: /);
    expect(usersInfoCalls(reader.id)).toBe(1);

    h.fake.updateUser(reader.id, { email: carol });
    expect(await answerTo(h, reader.id, 'audit')).toMatch(/Only approvers/);
    expect(usersInfoCalls(reader.id)).toBe(1);

    const { requestId, card } = await pendingPurchase();
    await h.click(reader.id, approvalsChannel, card, 'approve');
    await eventually(async () => (await stateOf(requestId)) === 'succeeded', 'the order to succeed');
    expect(usersInfoCalls(reader.id)).toBe(2);
    // The decision's answer is kept: a read now sees the new e-mail without asking Slack again.
    expect(await answerTo(h, reader.id, 'audit')).not.toMatch(/Only approvers/);
    expect(usersInfoCalls(reader.id)).toBe(2);
  });
});
