import type { Pax8Port } from '../../src/approvals/pax8-port.ts';
import type { CreateOrderInput, Order } from '../../src/pax8/index.ts';
import { orderSchema } from '../../src/pax8/schemas/order.ts';
import { subscriptionSchema } from '../../src/pax8/schemas/subscription.ts';
import type { Clock } from '../../src/util/clock.ts';

/** What the next write does. */
export type FakeWriteBehaviour =
  | 'ok'
  | { refuse: number; message: string }
  | 'unknown_after_apply'
  | 'unknown_before_apply'
  /** Applies the write and never answers: the process "dies" waiting. */
  | 'hang_after_apply';

interface FakeSubscription {
  id: string;
  companyId: string;
  productId: string;
  quantity: number;
  status: string;
  startDate: Date;
  commitmentEnd?: Date;
  /** Every state it had, oldest first, each with the time it began (Pax8's history). */
  history: { quantity: number; status: string; at: Date }[];
}

function fakeError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

/**
 * An in-memory Pax8 behind the engine's port. It counts the writes it *applied* (the number that
 * must never exceed one per request), can be told how the next writes behave, and refuses
 * mid-commitment decreases and cancellations with a 422 like Pax8 (WIRE-NOTES rule 5).
 */
export function createFakePax8(clock: Clock) {
  const subscriptions = new Map<string, FakeSubscription>();
  const orders: Order[] = [];
  const applied: { operation: string; target: string; body: unknown }[] = [];
  const behaviours: FakeWriteBehaviour[] = [];
  let readFailures = 0;
  let onHang: (() => void)[] = [];

  async function write<T>(operation: string, target: string, body: unknown, check: () => void, apply: () => T): Promise<T> {
    const behaviour = behaviours.shift() ?? 'ok';
    if (typeof behaviour === 'object') throw fakeError('pax8_http', behaviour.message, { status: behaviour.refuse, details: [behaviour.message] });
    if (behaviour === 'unknown_before_apply') throw fakeError('pax8_outcome_unknown', 'timed out before Pax8 got it');
    check();
    const result = apply();
    applied.push({ operation, target, body });
    if (behaviour === 'unknown_after_apply') throw fakeError('pax8_outcome_unknown', 'timed out after Pax8 applied it');
    if (behaviour === 'hang_after_apply') {
      const waiting = onHang;
      onHang = [];
      for (const notify of waiting) notify();
      return new Promise<T>(() => undefined);
    }
    return result;
  }

  async function failRead(): Promise<void> {
    await Promise.resolve();
    if (readFailures > 0) {
      readFailures -= 1;
      throw fakeError('pax8_network', 'read failed');
    }
  }

  function sub(id: string): FakeSubscription {
    const s = subscriptions.get(id);
    if (!s) throw fakeError('pax8_http', `Subscription Not Found: ${id}`, { status: 404 });
    return s;
  }

  /** The subscription as the wire has it, parsed like the real client's answers. */
  function wire(s: FakeSubscription, state: { quantity: number; status: string; at: Date } = { quantity: s.quantity, status: s.status, at: s.history.at(-1)?.at ?? s.startDate }) {
    return subscriptionSchema.parse({
      id: s.id, companyId: s.companyId, productId: s.productId, quantity: state.quantity, status: state.status,
      startDate: s.startDate.toISOString(), updatedDate: state.at.toISOString(),
      ...(s.commitmentEnd ? { commitment: { id: 'commitment-1', term: '1-Year', endDate: s.commitmentEnd.toISOString() } } : {}),
    });
  }

  function change(s: FakeSubscription, to: { quantity?: number; status?: string }) {
    if (to.quantity !== undefined) s.quantity = to.quantity;
    if (to.status !== undefined) s.status = to.status;
    s.history.push({ quantity: s.quantity, status: s.status, at: clock.now() });
  }

  function midCommitment(s: FakeSubscription): boolean {
    const t = clock.now().getTime();
    if (!s.commitmentEnd) return false;
    const inStartWindow = t >= s.startDate.getTime() && t < s.startDate.getTime() + 7 * 86_400_000;
    return !inStartWindow && t < s.commitmentEnd.getTime();
  }

  const port: Pax8Port = {
    orders: {
      create: (order: CreateOrderInput) =>
        write('POST /orders', order.companyId, order, () => undefined, () => {
          const created = orderSchema.parse({
            id: `order-${orders.length + 1}`,
            companyId: order.companyId,
            createdDate: clock.now().toISOString().slice(0, 10),
            status: 'Completed',
            lineItems: order.lineItems.map((l, i) => ({ productId: l.productId, quantity: l.quantity, billingTerm: l.billingTerm, commitmentTermId: l.commitmentTermId, subscriptionId: `sub-of-order-${orders.length + 1}-${i}` })),
          });
          orders.push(created);
          return created;
        }),
      async *list({ companyId }) {
        await failRead();
        yield* orders.filter((o) => o.companyId === companyId);
      },
      async get(id) {
        await failRead();
        const found = orders.find((o) => o.id === id);
        if (!found) throw fakeError('pax8_http', `Order Not Found: ${id}`, { status: 404 });
        return found;
      },
    },
    subscriptions: {
      async get(id) {
        await failRead();
        return wire(sub(id));
      },
      async history(id) {
        await failRead();
        const s = sub(id);
        return s.history.map((state) => wire(s, state)).reverse();
      },
      updateQuantity: (id, quantity) =>
        write('PUT /subscriptions', id, { quantity }, () => {
          const s = sub(id);
          if (quantity < s.quantity && midCommitment(s)) throw fakeError('pax8_http', 'Quantity decrease is not allowed mid-commitment', { status: 422, details: ['Quantity decrease is not allowed mid-commitment'] });
        }, () => {
          change(sub(id), { quantity });
          return wire(sub(id));
        }),
      cancel: (id) =>
        write('DELETE /subscriptions', id, {}, () => {
          if (midCommitment(sub(id))) throw fakeError('pax8_http', 'Cancellation is not allowed mid-commitment', { status: 422, details: ['Cancellation is not allowed mid-commitment'] });
        }, () => {
          change(sub(id), { status: 'PendingCancel' });
          return undefined;
        }),
    },
    products: {
      dependencies: async () => {
        await failRead();
        return {
          commitmentDependencies: [{ id: 'commitment-1', term: '1-Year', allowForQuantityDecrease: false, allowForEarlyCancellation: false, cancellationFeeApplied: false }],
          productDependencies: [],
        };
      },
    },
  };

  return {
    port,
    applied,
    /** Queue behaviours for the next writes (default afterwards: `ok`). */
    next(...b: FakeWriteBehaviour[]) {
      behaviours.push(...b);
    },
    /** Forgets queued behaviours: every later write answers normally. */
    clearBehaviours() {
      behaviours.length = 0;
    },
    /** Resolves when a write next hangs (the moment the "process" would be stuck). */
    whenHung: () => new Promise<void>((resolve) => onHang.push(resolve)),
    /** The next `n` reads fail like a network error. */
    failReads(n: number) {
      readFailures = n;
    },
    addSubscription(s: Omit<FakeSubscription, 'status' | 'startDate' | 'history'> & { status?: string; startDate?: Date }) {
      const added: FakeSubscription = { status: 'Active', startDate: clock.now(), ...s, history: [] };
      added.history.push({ quantity: added.quantity, status: added.status, at: clock.now() });
      subscriptions.set(s.id, added);
    },
    /** A change made outside the bot (someone in the Pax8 portal). */
    changeOutside(id: string, to: { quantity?: number; status?: string }) {
      change(sub(id), to);
    },
    subscription: (id: string) => subscriptions.get(id),
    writesFor: (target: string) => applied.filter((w) => w.target === target).length,
  };
}

export type FakePax8 = ReturnType<typeof createFakePax8>;
