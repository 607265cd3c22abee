/**
 * More approvers than Teams refreshes a card for: Teams takes at most 60 `refresh.userIds`. The
 * first 60 (requester, admins, approvers in the config file's order) get their buttons
 * automatically; everyone else gets a "Show my buttons" button on the posted card, which asks for
 * their own view like Teams' refresh does. Whole bot over HTTP, then the card function alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { approvalCardFor, maxRefreshUserIds, showMyButtonsTitle } from '../../src/cards/approval-card-for.ts';
import { readOnlyViewer } from '../../src/cards/present/approval-card-data.ts';
import type { FakeTeamsMember, StoredActivity } from '../../src/fakes/bot-connector.ts';
import { approvalRequestSchema } from '../../src/views/index.ts';
import { wireIds } from '../../src/wire-ids.ts';
import { schemaErrors } from '../cards/adaptive-card-validators.ts';
import { cardInvoke, personalMessage } from '../helpers/teams-activities.ts';
import { approvalsHere, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

type Action = { type?: string; title?: string; verb?: string; data?: Record<string, unknown> };
type Card = { body?: unknown[]; actions?: Action[]; refresh?: { action: Action; userIds: string[] } };
const cardOf = (m: StoredActivity | undefined): Card => ((m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {});
const verbs = (card: Card): string[] => (card.actions ?? []).map((a) => String(a.verb));

/** Approvers 01 to 63 besides Ann and Bob: with the requester and the admin, 67 people may get buttons. */
const extra: FakeTeamsMember[] = Array.from({ length: 63 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { id: `29:approver${n}`, name: `Approver ${n}`, aadObjectId: `00000000-0000-4000-9000-0000000000${n}`, email: `approver${n}@msp.example`, userPrincipalName: `approver${n}@msp.example` };
});
const roles = `roles:\n  admins: [admin@msp.example]\n  approvers: [ann@msp.example, bob@msp.example, ${extra.map((m) => m.email).join(', ')}]\n  requesters: ["*"]\n`;

describe('an approval card with more approvers than Teams refreshes for', () => {
  let h: TeamsHarness;
  let requestId = '';
  let posted: StoredActivity;
  const invoke = async (who: FakeTeamsMember, data: Record<string, unknown>, trigger = 'manual') => {
    const answer = await h.post(cardInvoke(h.serviceUrl, who, teamChannel, posted.id, data, trigger));
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { value: Card }).value;
  };

  beforeAll(async () => {
    h = await startTeamsHarness({ roles });
    for (const member of extra) h.connector.addMember(member);
    await approvalsHere(h);
    let sub = '';
    for await (const s of h.bot.pax8.get().subscriptions.list({ status: 'Active' })) {
      if (!s.commitment && (s.quantity ?? 0) > 2) {
        sub = s.id;
        break;
      }
    }
    expect((await h.post(personalMessage(h.serviceUrl, people.tech, `seats ${sub} +1`))).status).toBe(200);
    posted = await vi.waitFor(
      () => {
        const found = h.connector.messages(teamChannel).find((m) => cardOf(m).refresh);
        if (!found) throw new Error('no approval card in the channel yet');
        return found;
      },
      { timeout: 20_000, interval: 50 },
    );
    requestId = String(cardOf(posted).refresh?.action.data?.requestId);
  }, 60_000);
  afterAll(() => h.close());

  it('lists 60 people for the automatic refresh: the requester first, then the admin and approvers in the order given', () => {
    const card = cardOf(posted);
    expect(card.refresh?.userIds).toHaveLength(maxRefreshUserIds);
    expect(card.refresh?.userIds.slice(0, 4)).toEqual([people.tech.id, people.admin.id, people.ann.id, people.bob.id]);
    expect(card.refresh?.userIds.at(-1)).toBe('29:approver56');
    expect(card.refresh?.userIds).not.toContain('29:approver57');
  });

  it('offers everyone else "Show my buttons", which asks for their own view with the refresh verb', () => {
    expect(schemaErrors(cardOf(posted))).toEqual([]);
    expect(cardOf(posted).actions).toEqual([{ type: 'Action.Execute', title: showMyButtonsTitle, verb: wireIds.cardVerbs.refresh, data: { verb: wireIds.cardVerbs.refresh, requestId, version: 1 } }]);
  });

  it('gives approver 63, not listed, Approve and Deny when they ask; a non-approver still gets no buttons', async () => {
    const approver63 = extra[62] as FakeTeamsMember;
    const showMine = cardOf(posted).actions?.[0]?.data ?? {};
    expect(verbs(await invoke(approver63, showMine))).toEqual(['approve', 'deny']);
    expect(verbs(await invoke(extra[0] as FakeTeamsMember, showMine, 'automatic'))).toEqual(['approve', 'deny']);
    const eves = await invoke(people.eve, showMine);
    expect(verbs(eves)).toEqual([]);
    expect(eves.refresh?.userIds).toHaveLength(maxRefreshUserIds);
    expect(verbs(await invoke(people.tech, showMine, 'automatic'))).toEqual(['cancel_request']);
  });

  it("takes approver 63's Approve like anyone else's", async () => {
    const answer = await invoke(extra[62] as FakeTeamsMember, { verb: 'approve', requestId, version: 1 });
    expect(JSON.stringify(answer.body)).not.toContain('Waiting for approval');
    expect(verbs(answer)).toEqual([]);
    await vi.waitFor(async () => expect((await h.bot.approvals.get(requestId))?.state).not.toBe('pending'), { timeout: 20_000 });
  });
});

describe('approvalCardFor and the refresh list', () => {
  const view = approvalRequestSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cards', 'samples', 'approvalRequest.pending-buy.json'), 'utf8')));
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `29:user${i}`);
  const refresh = (userIds: string[], othersToo = false) => ({ verb: wireIds.cardVerbs.refresh, userIds, othersToo });

  it('needs no "Show my buttons" while Teams refreshes for everyone who may get buttons', () => {
    const card = approvalCardFor(view, readOnlyViewer, { refresh: refresh(ids(60)), forEveryone: true });
    expect(card.refresh?.userIds).toHaveLength(60);
    expect(card.actions ?? []).toEqual([]);
  });

  it('adds it to the card posted for everyone past 60, or when a role list says "*", but not to one viewer\'s answer', () => {
    for (const given of [refresh(ids(61)), refresh(ids(2), true), refresh([], true)]) {
      const card = approvalCardFor(view, readOnlyViewer, { refresh: given, forEveryone: true });
      expect(card.refresh?.userIds).toEqual(given.userIds.slice(0, 60));
      expect(card.actions?.map((a) => a.title)).toEqual([showMyButtonsTitle]);
      expect(approvalCardFor(view, readOnlyViewer, { refresh: given }).actions ?? []).toEqual([]);
      expect(approvalCardFor(view, { canDecide: true, isRequester: false }, { refresh: given, forEveryone: true }).actions?.map((a) => (a.type === 'Action.Execute' ? a.verb : a.type))).toEqual(['approve', 'deny']);
    }
  });
});
