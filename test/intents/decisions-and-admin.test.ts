import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardData } from '../../src/cards/expand-card.ts';
import type { ApprovalResultData } from '../../src/cards/present/approval-cards.ts';
import { collect, parsePax8Date, type Subscription } from '../../src/pax8/index.ts';
import { channels, expectKind, type IntentHarness, people, sandboxStart, startIntentHarness, whatUsersSee } from './intent-harness.ts';

const stonegate = '1321915a-3d4f-4eb2-b474-59b8bf683094';
const day = 86_400_000;

let h: IntentHarness;
let sub: Subscription;
beforeAll(async () => {
  h = await startIntentHarness();
  const subs = await collect(h.pax8.subscriptions.list({ companyId: stonegate }));
  const found = subs.find((s) => s.productName === 'Microsoft 365 Business Standard' && s.status === 'Active');
  if (!found) throw new Error('the seeded Business Standard subscription is missing');
  sub = found;
});
afterAll(async () => {
  await h.close();
});

async function openSeatsRequest(change = '+1') {
  return expectKind(await h.ask(`seats ${sub.id} ${change}`), 'approvalRequest').request;
}

describe('card decisions', () => {
  it('refuses self-approval and non-approvers, and keeps the card actionable', async () => {
    const request = await openSeatsRequest();
    const self = expectKind(await h.click({ verb: 'approve', requestId: request.id, version: request.version }, people.tech), 'approvalResult');
    expect(self.outcome).toBe('refused');
    expect(self.message).toMatch(/not allowed|own request/);
    const card = await h.engine.get(request.id);
    expect(card?.state).toBe('pending');
  });

  it('decides only for a clicker the platform was asked about just now, never on a remembered or missing identity', async () => {
    const request = await openSeatsRequest();
    const clicks = [
      { verb: 'approve', requestId: request.id, version: request.version },
      { verb: 'deny', requestId: request.id, version: request.version, reason: 'not in budget' },
      { verb: 'withdraw', requestId: request.id, version: request.version },
    ];
    for (const identity of ['cached', 'unavailable'] as const) {
      for (const click of clicks) {
        const refused = expectKind(await h.click(click, { ...people.ann, identity }), 'approvalResult');
        expect(refused).toMatchObject({ outcome: 'refused', request: null });
        expect(refused.message).toMatch(/could not confirm who you are.*nothing was changed.*try again/i);
      }
      const cancel = expectKind(await h.click({ verb: 'cancel_request', requestId: request.id, version: request.version }, { ...people.tech, identity }), 'approvalResult');
      expect(cancel.message).toMatch(/could not confirm who you are/i);
    }
    expect(await h.engine.get(request.id)).toMatchObject({ state: 'pending', version: request.version, approvedBy: [] });
  });

  it('names people as their platform names them on every card and message, and by e-mail when it gives no name', async () => {
    const request = await openSeatsRequest('+1');
    expect(request.summary).toMatch(/^\+1 seat on /);
    expect(request.requester.displayName).toBe('Tim Tech');
    const approved = expectKind(await h.click({ verb: 'approve', requestId: request.id, version: request.version }, people.bob), 'approvalResult');
    expect(approved.request).toMatchObject({ decidedBy: 'Bob Approver', requester: { displayName: 'Tim Tech' } });
    for (const seen of Object.values(whatUsersSee(approved))) {
      expect(seen).toContain('Bob Approver');
      expect(seen).not.toContain('bob@msp.example');
      expect(seen).toContain('+1 seat,');
    }
    // Ann's platform gives no display name this time: her e-mail is what the card can show.
    const next = await openSeatsRequest('+1');
    const nameless = { userId: people.ann.userId, email: people.ann.email, platform: people.ann.platform, identity: 'fresh' as const };
    const byAnn = expectKind(await h.click({ verb: 'approve', requestId: next.id, version: next.version }, nameless), 'approvalResult');
    expect(byAnn.request?.decidedBy).toBe('ann@msp.example');
  });

  it('denies with a reason; a second click finds it decided', async () => {
    const request = await openSeatsRequest();
    const denied = expectKind(await h.click({ verb: 'deny', requestId: request.id, version: String(request.version), reason: 'not in budget' }, people.bob), 'approvalResult');
    expect(denied).toMatchObject({ outcome: 'denied', request: { state: 'denied', reason: 'not in budget', decidedBy: 'Bob Approver', actions: [] } });
    const again = expectKind(await h.click({ verb: 'approve', requestId: request.id }, people.ann), 'approvalResult');
    expect(again.outcome).toBe('refused');
    expect(again.message).toMatch(/already decided.*denied/);
    expect(again.request?.state).toBe('denied');
  });

  it('refuses a denial without a reason and changes nothing', async () => {
    const request = await openSeatsRequest();
    for (const reason of [undefined, '', '   ']) {
      const refused = expectKind(await h.click({ verb: 'deny', requestId: request.id, version: request.version, ...(reason === undefined ? {} : { reason }) }, people.bob), 'approvalResult');
      expect(refused).toMatchObject({ outcome: 'refused', request: { state: 'pending' } });
      expect(refused.message).toMatch(/reason/);
    }
    expect((await h.engine.get(request.id))?.state).toBe('pending');
  });

  it('shows the first of two approvals on the answer card, and both once the second approver decides', async () => {
    const opened = expectKind(await h.ask(`seats ${sub.id} +500`), 'approvalRequest');
    const request = opened.request;
    expect(request).toMatchObject({ state: 'pending', approvedBy: [], approvalsNeeded: 2 });
    // Said from the start, on both platforms.
    for (const seen of Object.values(whatUsersSee(opened))) expect(seen).toContain('none yet (2 different approvers needed)');
    const first = expectKind(await h.click({ verb: 'approve', requestId: request.id, version: request.version }, people.ann), 'approvalResult');
    expect(first).toMatchObject({ outcome: 'awaiting_second_approver', request: { state: 'pending', version: request.version, approvedBy: ['Ann Approver'], approvalsNeeded: 2 } });
    const shown = cardData('approvalResult', first, { viewer: { canDecide: true, isRequester: false } }) as ApprovalResultData;
    expect(shown.request.facts).toContainEqual({ title: 'Approvals', value: 'Ann Approver (1 of 2; one more approver needed)' });
    expect(shown.request.canAct).toBe(true);
    // Ann clicks again: refused, and her card is drawn again with the refusal rather than replaced by it.
    const twice = expectKind(await h.click({ verb: 'approve', requestId: request.id, version: request.version }, people.ann), 'approvalResult');
    expect(twice).toMatchObject({ outcome: 'refused', request: { state: 'pending', approvedBy: ['Ann Approver'] } });
    expect(twice.message).toMatch(/already voted/);
    for (const seen of Object.values(whatUsersSee(twice))) expect(seen).toContain('Ann Approver (1 of 2; one more approver needed)');
    // The card Bob holds was rendered before Ann's vote: its version is still accepted.
    const second = expectKind(await h.click({ verb: 'approve', requestId: request.id, version: request.version }, people.bob), 'approvalResult');
    expect(second).toMatchObject({ outcome: 'approved', request: { approvedBy: ['Ann Approver', 'Bob Approver'], decidedBy: 'Bob Approver' } });
    const after = cardData('approvalResult', second) as ApprovalResultData;
    expect(after.request.facts).toContainEqual({ title: 'Approved by', value: 'Ann Approver, Bob Approver' });
  });

  it('lets the requester cancel their request, and tells an approver who clicks Cancel that it is the requester\'s to cancel', async () => {
    const request = await openSeatsRequest();
    const byApprover = expectKind(await h.click({ verb: 'cancel_request', requestId: request.id, version: request.version }, people.ann), 'approvalResult');
    expect(byApprover.outcome).toBe('refused');
    expect(byApprover.message).toMatch(/^Only the requester or an admin can cancel this request; an approver can deny it instead/);
    expect((await h.engine.get(request.id))?.state).toBe('pending');
    const cancelled = expectKind(await h.click({ verb: 'cancel_request', requestId: request.id, version: request.version }, people.tech), 'approvalResult');
    expect(cancelled).toMatchObject({ outcome: 'cancelled', request: { state: 'cancelled' } });
  });

  it('answers a stale card, an unknown request and a malformed payload', async () => {
    const request = await openSeatsRequest();
    expect(expectKind(await h.click({ verb: 'approve', requestId: request.id, version: request.version + 5 }, people.ann), 'approvalResult').message).toMatch(/out of date/);
    expect(expectKind(await h.click({ verb: 'approve', requestId: '00000000-0000-4000-8000-000000000000' }, people.ann), 'approvalResult').message).toMatch(/does not exist/);
    expect(expectKind(await h.click({ verb: 'launch_missiles' }, people.ann), 'error').code).toBe('bad_input');
    expect(expectKind(await h.click('not even an object', people.ann), 'error').code).toBe('bad_input');
  });
});

describe('requests and audit', () => {
  it('lists my requests and pending ones, newest first', async () => {
    const mine = expectKind(await h.ask('requests mine'), 'requestList');
    expect(mine.paging.total).toBeGreaterThanOrEqual(4);
    expect(mine.items.every((r) => r.requesterEmail === 'tech@msp.example')).toBe(true);
    const pending = expectKind(await h.ask('requests pending', people.ann), 'requestList');
    expect(pending.items.every((r) => r.state === 'pending')).toBe(true);
    expect(expectKind(await h.ask('requests mine', people.anonymous), 'error').code).toBe('forbidden');
    expect(expectKind(await h.ask('requests everything'), 'error').usage).toBe('requests [mine|pending|all]');
  });

  it('shows the audit log to approvers only, filtered by dates', async () => {
    const log = expectKind(await h.ask('audit', people.ann), 'auditList');
    expect(log.items.map((a) => a.action)).toEqual(expect.arrayContaining(['submitted', 'denied', 'cancelled']));
    const today = h.clock.now().toISOString().slice(0, 10);
    expect(expectKind(await h.ask(`audit ${today} ${today}`, people.ann), 'auditList').paging.total).toBe(log.paging.total);
    expect(expectKind(await h.ask('audit 2020-01', people.ann), 'auditList').paging.total).toBe(0);
    expect(expectKind(await h.ask('audit'), 'error').code).toBe('forbidden');
    expect(expectKind(await h.ask('audit 2026-13-01', people.ann), 'error').message).toMatch(/no month 13/);
    expect(expectKind(await h.ask('audit 2026-10-05 2026-10-01', people.ann), 'error').message).toMatch(/after the end/);
  });
});

describe('renewals', () => {
  it('lists commitments ending within the days, with the 7-day decrease window, as the sandbox has them', async () => {
    const now = new Date(sandboxStart).getTime();
    const all = await collect(h.pax8.subscriptions.list({}));
    const expected = all
      .filter((s) => !['Cancelled', 'PendingCancel', 'Inactive'].includes(s.status ?? ''))
      .map((s) => ({ s, end: parsePax8Date(s.commitment?.endDate)?.getTime() }))
      .filter((x): x is { s: Subscription; end: number } => x.end !== undefined && x.end >= h.clock.now().getTime() && x.end <= h.clock.now().getTime() + 90 * day);
    const view = expectKind(await h.ask('renewals 90', people.tech), 'renewalList');
    expect(view.paging.total).toBe(expected.length);
    expect(view.paging.total).toBeGreaterThan(0);
    const first = view.items[0];
    const source = expected.find((x) => x.s.id === first?.subscriptionId);
    expect(first?.decreaseWindowOpens).toBe(new Date(source?.end ?? 0).toISOString());
    expect(first?.decreaseWindowCloses).toBe(new Date((source?.end ?? 0) + 7 * day).toISOString());
    expect(first?.daysLeft).toBeGreaterThanOrEqual(0);
    expect(new Date(view.asOf).getTime()).toBeGreaterThanOrEqual(now);
    expect(expectKind(await h.ask('renewals 0'), 'error').usage).toBe('renewals [days]');
    expect(expectKind(await h.ask('renewals soon'), 'error').usage).toBe('renewals [days]');
  });
});

describe('admin commands', () => {
  it('records the approvals channel for admins only, never a personal chat', async () => {
    expect(expectKind(await h.ask('approvals here', people.admin, channels.general), 'notice').tone).toBe('success');
    expect(await h.store.chatRefs.getConversation('slack', 'approvals-channel')).toEqual({ conversationId: channels.general.id });
    expect(expectKind(await h.ask('approvals here', people.tech), 'error').code).toBe('forbidden');
    expect(expectKind(await h.ask('approvals here', people.admin, channels.dm), 'error').code).toBe('bad_input');
    expect(expectKind(await h.ask('approvals there', people.admin), 'error').usage).toBe('approvals here');
  });

  it('says which approvals channel a new one replaces, and when it is already this one', async () => {
    expect(expectKind(await h.ask('approvals here', people.admin, channels.general), 'notice').message).toBeTruthy();
    const again = expectKind(await h.ask('approvals here', people.admin, channels.general), 'notice');
    expect(again.title).toBe('Already the approvals channel');
    const moved = expectKind(await h.ask('approvals here', people.admin, channels.contoso), 'notice');
    expect(moved.message).toContain(`It replaces the conversation set before (${channels.general.id})`);
    expect(await h.store.chatRefs.getConversation('slack', 'approvals-channel')).toEqual({ conversationId: channels.contoso.id });
  });

  it('maps a channel to a company, which then becomes the default there', async () => {
    const channel = { platform: 'slack', id: 'C0NEWMAP', isPersonal: false } as const;
    expect(expectKind(await h.ask('map "Cedar Dental"', people.tech, channel), 'error').code).toBe('forbidden');
    expect(expectKind(await h.ask('map "Cedar Dental"', people.admin, channel), 'notice').title).toContain('Cedar Dental Associates');
    expect(expectKind(await h.ask('subs', people.tech, channel), 'subscriptionList').company.name).toBe('Cedar Dental Associates');
    expect(expectKind(await h.ask('map', people.admin, channel), 'error').usage).toBe('map <company>');
  });
});
