import { describe, expect, it } from 'vitest';
import { classifyWriteError } from '../../src/approvals/classify-write-error.ts';
import { renewalWindow } from '../../src/approvals/kinds/renewal-window.ts';
import { subscriptionTimes } from '../../src/approvals/pax8-port.ts';
import { subscriptionSchema } from '../../src/pax8/schemas/subscription.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { Pax8HttpError, Pax8OutcomeUnknownError, Pax8RateLimitedError, Pax8SchemaError } from '../../src/pax8/index.ts';

const put = { method: 'PUT', route: '/subscriptions/{subscriptionId}' };

describe('classifyWriteError', () => {
  it('treats 4xx, 429 as definite refusals, with Pax8 own words', () => {
    expect(classifyWriteError(new Pax8HttpError(put, 422, { details: ['Quantity cannot be decreased during the 1-Year commitment term'] }))).toEqual({
      kind: 'refused',
      status: 422,
      message: 'Quantity cannot be decreased during the 1-Year commitment term',
    });
    expect(classifyWriteError(new Pax8HttpError(put, 404, { type: 'NOT_FOUND', message: 'Subscription Not Found', details: [] }))).toMatchObject({ kind: 'refused', message: 'Subscription Not Found' });
    expect(classifyWriteError(new Pax8RateLimitedError(put, undefined))).toMatchObject({ kind: 'refused' });
    expect(classifyWriteError(new InvalidInputError('invalid order', ['lineItems.0.quantity: too small']))).toEqual({
      kind: 'refused',
      status: undefined,
      message: 'invalid order: lineItems.0.quantity: too small',
    });
  });

  it('treats timeouts, 5xx, unreadable success bodies and surprises as unknown', () => {
    expect(classifyWriteError(new Pax8OutcomeUnknownError(put, undefined, 'timed out'))).toMatchObject({ kind: 'unknown' });
    expect(classifyWriteError(new Pax8HttpError(put, 503, undefined))).toMatchObject({ kind: 'unknown' });
    expect(classifyWriteError(new Pax8SchemaError(put, 'quantity', 'expected number', true))).toMatchObject({ kind: 'unknown' });
    expect(classifyWriteError(new TypeError('boom'))).toMatchObject({ kind: 'unknown', message: 'boom' });
    expect(classifyWriteError('weird')).toMatchObject({ kind: 'unknown' });
  });
});

describe('renewalWindow', () => {
  const day = 86_400_000;
  const now = new Date('2026-03-02T09:00:00Z');
  const sub = (startDaysAgo: number, endInDays: number | undefined) =>
    subscriptionSchema.parse({
      id: 's',
      startDate: new Date(now.getTime() - startDaysAgo * day).toISOString(),
      ...(endInDays === undefined ? {} : { commitment: { term: '1-Year', endDate: new Date(now.getTime() + endInDays * day).toISOString() } }),
    });

  it('is open without a commitment, and in the first 7 days of a term', () => {
    expect(renewalWindow(sub(100, undefined), now)).toEqual({ ready: true });
    expect(renewalWindow(sub(3, 360), now)).toEqual({ ready: true });
  });

  it('waits for the 7 days after the term ends, mid-commitment', () => {
    expect(renewalWindow(sub(30, 20), now)).toEqual({
      ready: false,
      runAt: new Date(now.getTime() + 20 * day + 3_600_000),
      windowEnd: new Date(now.getTime() + 27 * day),
    });
  });

  it('reads the spec spelling commitmentTerm and date-only end dates', () => {
    const s = subscriptionSchema.parse({ id: 's', startDate: '2025-04-10T23:31:19Z', commitmentTerm: { endDate: '2026-04-10' } });
    expect(subscriptionTimes(s).commitmentEnd).toEqual(new Date('2026-04-10T00:00:00Z'));
  });
});
