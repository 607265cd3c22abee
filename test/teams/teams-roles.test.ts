/**
 * One role policy (`src/approvals/approval-policy.ts`) for the intent layer, the engine and the
 * cards, on Teams: whoever the engine would accept, the commands accept too. Whole bot over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { botAddedToTeam, channelMention, personalMessage } from '../helpers/teams-activities.ts';
import { people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

const personal = (who: { id: string }) => `a:personal-${who.id}`;
const textOf = (m: { activity: Record<string, unknown> } | undefined): string => JSON.stringify(m?.activity ?? {});

/** The bot's last answer to `who` in their personal chat after `text`, once it is not the "working" card. */
async function answerTo(h: TeamsHarness, who: (typeof people)[keyof typeof people], text: string): Promise<string> {
  const before = h.connector.messages(personal(who)).length;
  expect((await h.post(personalMessage(h.serviceUrl, who, text))).status).toBe(200);
  return vi.waitFor(
    () => {
      const answers = h.connector.messages(personal(who)).slice(before).map(textOf);
      const final = answers.find((a) => /Waiting for approval|not allowed|Only admins|Only approvers|Audit log|audit/i.test(a));
      if (!final) throw new Error(`no answer to "${text}" yet: ${answers.join('\n')}`);
      return final;
    },
    { timeout: 20_000, interval: 50 },
  );
}

async function plainSubscription(h: TeamsHarness): Promise<string> {
  for await (const s of h.bot.pax8.get().subscriptions.list({ status: 'Active' })) if (!s.commitment && (s.quantity ?? 0) > 2) return s.id;
  throw new Error('no subscription without commitment in the sandbox');
}

describe('roles in Teams with only one listed requester', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ roles: 'roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example, bob@msp.example]\n  requesters: [tech@msp.example]\n' });
  });
  afterAll(() => h.close());

  it('lets approvers and admins ask for seats and cancellations, as the engine would; others are refused', async () => {
    const sub = await plainSubscription(h);
    expect(await answerTo(h, people.ann, `seats ${sub} +1`)).toMatch(/Waiting for approval/);
    expect(await answerTo(h, people.admin, `cancel ${sub}`)).toMatch(/Waiting for approval/);
    expect(await answerTo(h, people.tech, `seats ${sub} +2`)).toMatch(/Waiting for approval/);
    expect(await answerTo(h, people.eve, `seats ${sub} +1`)).toMatch(/not allowed/);
  });
});

describe('roles in Teams with everyone an admin', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ roles: 'roles:\n  admins: ["*"]\n  approvers: []\n  requesters: []\n' });
    expect((await h.post(botAddedToTeam(h.serviceUrl))).status).toBe(200);
  });
  afterAll(() => h.close());

  it('treats anyone as the admin the engine says they are: approvals here and the audit log work', async () => {
    expect((await h.post(channelMention(h.serviceUrl, people.eve, 'approvals here'))).status).toBe(200);
    await vi.waitFor(async () => expect(await h.bot.store.chatRefs.getConversation('teams', 'approvals-channel')).toMatchObject({ conversationId: expect.stringContaining(teamChannel) }), { timeout: 20_000 });
    expect(await answerTo(h, people.eve, 'audit')).not.toMatch(/Only approvers|not allowed/);
  });
});
