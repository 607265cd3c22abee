/** A request belongs to one Pax8 account: its reads and writes go there, and nowhere else. */
import { describe, expect, it } from 'vitest';
import { createApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, seatChange, testPolicy } from '../helpers/approvals-harness.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

describe.each(dbBackends)('requests of several Pax8 accounts on $name', (backend) => {
  const suite = useSuiteStore(backend);

  function engineWithTwoAccounts() {
    const clock = createManualClock('2026-03-02T09:00:00Z');
    const us = createFakePax8(clock);
    const eu = createFakePax8(clock);
    for (const fake of [us, eu]) fake.addSubscription({ id: 'sub-same-id', companyId: 'co-1', productId: 'p-1', quantity: 5 });
    const ports = { us: us.port, eu: eu.port };
    const engine = createApprovalsEngine({
      store: suite.store,
      pax8: us.port,
      accounts: { get: (name) => ports[name as keyof typeof ports], names: Object.keys(ports) },
      policy: testPolicy(),
      clock,
      log: createSilentLogger(),
    });
    return { engine, us, eu };
  }

  it('executes a request of the second account there only, and records the account on the request', async () => {
    const { engine, us, eu } = engineWithTwoAccounts();
    const r = await engine.submit({ kind: 'seats', payload: { subscriptionId: 'sub-same-id', companyId: 'co-1', ...seatChange(5, 7) }, requester: rita, summary: '+2', account: 'eu' });
    if (!r.ok) throw new Error(r.reason);
    expect(r.request.account).toBe('eu');
    expect(await engine.approve({ requestId: r.request.id, actor: actor('ann@msp.example') })).toMatchObject({ request: { state: 'succeeded', account: 'eu' } });
    expect(eu.subscription('sub-same-id')?.quantity).toBe(7);
    expect(us.applied).toHaveLength(0);
    expect((await suite.store.requests.get(r.request.id))?.account).toBe('eu');
  });

  it('refuses a request for an account that is not configured, and keeps the default for one that names none', async () => {
    const { engine, us, eu } = engineWithTwoAccounts();
    expect(await engine.submit({ kind: 'seats', payload: { subscriptionId: 'sub-same-id', companyId: 'co-1', ...seatChange(5, 6) }, requester: rita, summary: '+1', account: 'apac' })).toEqual({ ok: false, reason: 'unknown_account', account: 'apac' });
    const r = await engine.submit({ kind: 'seats', payload: { subscriptionId: 'sub-same-id', companyId: 'co-1', ...seatChange(5, 6) }, requester: rita, summary: '+1' });
    if (!r.ok) throw new Error(r.reason);
    await engine.approve({ requestId: r.request.id, actor: actor('ann@msp.example') });
    expect(us.subscription('sub-same-id')?.quantity).toBe(6);
    expect(eu.applied).toHaveLength(0);
  });
});
