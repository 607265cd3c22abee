/**
 * One role policy (`src/approvals/approval-policy.ts`) for the intent layer, the engine and the
 * cards: whoever the engine would accept, the commands accept too. Whole bot over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTo, generalChannel, msDetails, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann, bob, admin } = slackPeople;

async function plainSubscription(h: SlackBotHarness): Promise<string> {
  for await (const s of h.bot.pax8.get().subscriptions.list({ status: 'Active' })) if (!s.commitment && (s.quantity ?? 0) > 2) return s.id;
  throw new Error('no subscription without commitment in the sandbox');
}

describe('roles in Slack with only one listed requester', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ roles: 'roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example, bob@msp.example]\n  requesters: [tech@msp.example]\n' });
  });
  afterAll(() => h.close());

  it('lets approvers and admins ask for seats, cancellations and purchases, as the engine would', async () => {
    const sub = await plainSubscription(h);
    expect(await answerTo(h, ann.id, `seats ${sub} +1`)).toMatch(/^card: .*Waiting for approval/);
    expect(await answerTo(h, bob.id, `cancel ${sub}`)).toMatch(/^card: .*Waiting for approval/);
    expect(await answerTo(h, admin.id, `buy cedar dental "Exchange Online (Plan 1)" 2 monthly ${msDetails}`)).toMatch(/^card: .*Waiting for approval/);
    expect(await answerTo(h, tech.id, `seats ${sub} +2`)).toMatch(/^card: .*Waiting for approval/);
  });
});

describe('roles in Slack with everyone an admin', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ roles: 'roles:\n  admins: ["*"]\n  approvers: []\n  requesters: []\n' });
  });
  afterAll(() => h.close());

  it('treats anyone as the admin the engine says they are: approvals here, map and audit work', async () => {
    expect(await answerTo(h, tech.id, 'approvals here')).not.toMatch(/Only admins|not allowed/);
    expect((await h.bot.store.chatRefs.getConversation('slack', 'approvals-channel'))).toEqual({ conversationId: generalChannel });
    expect(await answerTo(h, tech.id, 'audit')).not.toMatch(/Only approvers|not allowed/);
  });
});
