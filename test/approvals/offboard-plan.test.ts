/**
 * What offboarding decides for each licence of a leaver, from the tenant's and Pax8's state: direct
 * licences are removed, group-inherited ones are not (and their seats stay); a seat is released from
 * the subscription that can shrink soonest, or kept when asked, never below what the tenant uses;
 * the saving adds up by the day it starts.
 */
import { describe, expect, it } from 'vitest';
import { planLicences, planSeat, savingOf, type SeatSource } from '../../src/approvals/kinds/offboard-plan.ts';
import type { Subscription } from '../../src/pax8/index.ts';

const sku = { e3: '05e9a617-0261-4cee-bb44-138d3ef5d965', bp: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46' };
const sub = (id: string, quantity: number): Subscription => ({ id, quantity, productName: `Product ${id}` }) as Subscription;
const now = (id: string, quantity: number, cost: number | null = 22): SeatSource => ({ subscription: sub(id, quantity), timing: { mode: 'now' }, unitMonthlyCost: cost });
const atRenewal = (id: string, quantity: number, renewsOn: string, cost = 30): SeatSource => ({
  subscription: sub(id, quantity),
  timing: { mode: 'atRenewal', renewsOn, windowCloses: renewsOn.replace(/-(\d\d)T/, (_, d: string) => `-${String(Number(d) + 7).padStart(2, '0')}T`), reason: 'annual commitment' },
  unitMonthlyCost: cost,
});
const direct = { skuId: sku.e3, name: 'Microsoft 365 E3', assignment: 'direct' as const };

describe('offboarding plan', () => {
  it('releases from the subscription that can shrink now before one that waits for its renewal', () => {
    const plan = planSeat(direct, true, { enabled: 10, consumed: 10 }, [atRenewal('annual', 5, '2027-06-02T00:00:00.000Z'), now('monthly', 5)], 'release');
    expect(plan).toMatchObject({ action: 'release', subscriptionId: 'monthly', timing: { mode: 'now' }, unitMonthlyCost: 22 });
  });

  it('waits for the earliest renewal when no subscription may shrink today', () => {
    const plan = planSeat(direct, true, { enabled: 10, consumed: 9 }, [atRenewal('late', 5, '2027-09-01T00:00:00.000Z'), atRenewal('soon', 5, '2027-03-01T00:00:00.000Z')], 'release');
    expect(plan).toMatchObject({ action: 'release', subscriptionId: 'soon', timing: { mode: 'atRenewal', renewsOn: '2027-03-01T00:00:00.000Z' } });
  });

  it('keeps the seat when asked, naming the subscription', () => {
    expect(planSeat(direct, true, { enabled: 10, consumed: 10 }, [now('m', 5)], 'keep')).toMatchObject({ action: 'keep', subscriptionId: 'm', reason: 'kept for a replacement' });
  });

  it('never releases below what the tenant uses after the removal', () => {
    // 10 enabled, 11 in use (over-assigned): after removing one, 10 are in use; 9 would be too few.
    const plan = planSeat(direct, true, { enabled: 10, consumed: 11 }, [now('m', 10)], 'release');
    expect(plan).toMatchObject({ action: 'keep', subscriptionId: 'm' });
    expect(plan.action === 'keep' && plan.reason).toContain('uses 11 of 10');
  });

  it('a group-inherited licence is neither removed nor its seat released', () => {
    const [line] = planLicences({
      licences: [{ ...direct, assignment: 'group' }],
      removeLicences: true,
      seats: new Map([[sku.e3, { enabled: 10, consumed: 8 }]]),
      sources: new Map([[sku.e3, [now('m', 5)]]]),
      choices: new Map(),
    });
    expect(line).toMatchObject({ remove: false, seat: { action: 'none' } });
    expect(line?.seat.action === 'none' && line.seat.reason).toMatch(/group/);
  });

  it('a subscription with one seat, or whose window has passed, cannot give one up; no Pax8 subscription says so', () => {
    const closed: SeatSource = { subscription: sub('c', 4), timing: { mode: 'closed', reason: 'passed' }, unitMonthlyCost: 1 };
    expect(planSeat(direct, true, undefined, [now('one', 1), closed], 'release')).toMatchObject({ action: 'none', reason: expect.stringMatching(/cancel it instead/) });
    expect(planSeat(direct, true, undefined, [], 'release')).toMatchObject({ action: 'none', reason: expect.stringMatching(/no Pax8 subscription/) });
  });

  it('keeping the licence keeps the seat; lower-case skuIds match the tenant and Pax8 maps', () => {
    const lines = planLicences({
      licences: [direct, { skuId: sku.bp.toUpperCase(), name: 'Business Premium', assignment: 'direct' }],
      removeLicences: false,
      seats: new Map(),
      sources: new Map([[sku.bp, [now('bp', 3)]]]),
      choices: new Map(),
    });
    expect(lines.map((l) => [l.remove, l.seat.action])).toEqual([[false, 'none'], [false, 'none']]);
  });

  it('the saving adds the releases up by the day they start, and counts the unpriced apart', () => {
    const lines = planLicences({
      licences: [direct, { skuId: sku.bp, name: 'BP', assignment: 'direct' }, { skuId: 'x', name: 'X', assignment: 'direct' }],
      removeLicences: true,
      seats: new Map(),
      sources: new Map([
        [sku.e3, [now('m', 5, 36.1)]],
        [sku.bp, [atRenewal('a', 5, '2027-06-02T00:00:00.000Z', 22.2)]],
        ['x', [now('x', 5, null)]],
      ]),
      choices: new Map(),
    });
    expect(savingOf(lines)).toEqual({ monthly: 58.3, unpriced: 1, steps: [{ from: null, monthly: 36.1 }, { from: '2027-06-02T00:00:00.000Z', monthly: 22.2 }] });
  });
});
