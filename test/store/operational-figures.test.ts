import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOperationalFigures } from '../../src/store/index.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const requester = { email: 'rita@msp.example', platform: 'slack', userId: 'U1', displayName: 'Rita' };

describe.each(dbBackends)('figures /metrics reads from the store ($name)', (backend) => {
  const suite = useSuiteStore(backend);
  const insert = async () =>
    (
      await suite.store.requests.insert({
        id: randomUUID(), kind: 'seats', payload: { subscriptionId: 's1', quantity: 3 }, summary: 'Seats 5 -> 3', requester,
        monthlyCostDelta: -20, approvalsNeeded: 1, atRenewal: false, now: t0, expiresAt: new Date(t0.getTime() + 86_400_000),
      })
    ).request;

  it('counts approval requests per state, every state present, zeros included', async () => {
    const figures = createOperationalFigures(suite.store.db);
    const before = await figures.requestsByState();
    expect(Object.keys(before).sort()).toEqual(['approved', 'cancelled', 'denied', 'executing', 'expired', 'failed', 'pending', 'scheduled', 'succeeded', 'unknown']);
    const [a, b] = [await insert(), await insert(), await insert()];
    await suite.store.requests.transition({ id: a?.id ?? '', from: ['pending'], to: 'denied', now: t0 });
    await suite.store.requests.transition({ id: b?.id ?? '', from: ['pending'], to: 'cancelled', now: t0 });
    const after = await figures.requestsByState();
    expect(after.pending - before.pending).toBe(1);
    expect(after.denied - before.denied).toBe(1);
    expect(after.cancelled - before.cancelled).toBe(1);
    expect(after.unknown).toBe(before.unknown);
  });

  it('says how long the oldest due work has waited, and 0 when nothing is due', async () => {
    const figures = createOperationalFigures(suite.store.db);
    const request = await insert();
    const now = new Date(t0.getTime() + 3_600_000);
    await suite.store.work.put({ kind: 'remind', requestId: request.id, runAt: new Date(now.getTime() - 90_000) });
    await suite.store.work.put({ kind: 'expire', requestId: request.id, runAt: new Date(now.getTime() + 60_000) });
    expect(await figures.oldestDueWorkSeconds(now)).toBe(90);
    await suite.store.work.closeFor(request.id, now, ['remind']);
    expect(await figures.oldestDueWorkSeconds(now)).toBe(0);
  });
});
