import { z } from 'zod';
import { seats } from '../views/format.ts';

/** One entry of the sandbox's writes log (`GET /__sandbox/writes`), as the console reads it. */
export const sandboxWriteSchema = z.object({
  seq: z.number(),
  at: z.string(),
  method: z.string(),
  path: z.string(),
  query: z.record(z.string(), z.string()),
  body: z.unknown(),
  status: z.number().nullable(),
  isMock: z.boolean().optional(),
  responseLost: z.boolean().optional(),
});
export type SandboxWrite = z.infer<typeof sandboxWriteSchema>;

/** A record `GET /__sandbox/lookup` named. */
export const lookedUpRecordSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('company'), name: z.string() }),
  z.object({ id: z.string(), kind: z.literal('product'), name: z.string(), vendorName: z.string() }),
  z.object({ id: z.string(), kind: z.literal('subscription'), companyName: z.string().nullable(), productName: z.string().nullable(), quantity: z.number(), status: z.string() }),
]);
export type LookedUpRecord = z.infer<typeof lookedUpRecordSchema>;

/** `CreateOrder` as far as the panel reads it; anything else in the body is left alone. */
const orderBodySchema = z.object({
  companyId: z.string(),
  lineItems: z.array(z.object({ productId: z.string(), quantity: z.number() })).min(1),
});
const quantityBodySchema = z.object({ quantity: z.number() });
const subscriptionPath = /^\/v1\/subscriptions\/([^/]+)$/;

/**
 * A write as the console's Pax8 writes panel shows it: what it was for (company, product, seats,
 * named from the sandbox's state), how Pax8 answered, and, when its first attempt was refused with
 * 401 and the client sent it again with a new token, that earlier attempt: one write, not two.
 * Dates stay ISO; the page puts them in words.
 */
export interface WriteLine {
  readonly seq: number;
  /** Sandbox time of the attempt that counted. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  /** `Order` (`Dry run of an order`), `Seat change`, `Cancellation`, `Write` for anything else. */
  readonly action: string;
  /** A dry run (`isMock=true`): Pax8 checked the order and nothing was ordered. */
  readonly dryRun: boolean;
  readonly company: string | null;
  readonly product: string | null;
  /** `2 seats`; for a seat change the new count, `to 4 seats`. */
  readonly quantity: string | null;
  /** The day a cancellation takes effect (`cancelDate`), `YYYY-MM-DD`. */
  readonly effectiveOn: string | null;
  /** Pax8's answer in words: `done`, `refused (422)`, `applied, answer lost`... */
  readonly outcome: string;
  /** The first attempt, refused with 401 (expired or unknown token) and sent again. */
  readonly resentAfter401: { readonly seq: number; readonly at: string } | null;
}

/** Ids of the companies, products and subscriptions the writes name, to look up. */
export function idsNamedBy(writes: readonly SandboxWrite[]): string[] {
  const ids = new Set<string>();
  for (const w of writes) {
    const order = orderBodySchema.safeParse(w.body);
    if (w.method === 'POST' && w.path === '/v1/orders' && order.success) {
      ids.add(order.data.companyId);
      for (const line of order.data.lineItems) ids.add(line.productId);
    }
    const subscription = subscriptionIdIn(w.path);
    if (subscription) ids.add(subscription);
  }
  return [...ids];
}

/**
 * The writes log as the panel lists it, newest first, at most `limit` lines. A 401 followed by the
 * same request (method, path, query and body) is one line: the client was refused before anything
 * happened, fetched a new token and sent the request again (`createRequester` does this once).
 */
export function describeWrites(writes: readonly SandboxWrite[], records: readonly LookedUpRecord[], limit: number): WriteLine[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const resent = new Map<number, SandboxWrite>();
  const claimed = new Set<number>();
  writes.forEach((w, i) => {
    if (w.status !== 401) return;
    const again = writes.slice(i + 1).find((later) => !claimed.has(later.seq) && sameRequest(w, later));
    if (!again) return;
    claimed.add(again.seq);
    resent.set(again.seq, w);
  });
  const firstAttempts = new Set([...resent.values()].map((w) => w.seq));
  return writes
    .filter((w) => !firstAttempts.has(w.seq))
    .slice(-limit)
    .reverse()
    .map((w) => {
      const first = resent.get(w.seq);
      return { ...subjectOf(w, byId), seq: w.seq, at: w.at, method: w.method, path: w.path, status: w.status, dryRun: w.isMock === true, outcome: outcomeOf(w), resentAfter401: first ? { seq: first.seq, at: first.at } : null };
    });
}

/** The panel's counts: writes that reached Pax8 (a resent one once), and dry runs, apart. */
export function countWrites(lines: readonly WriteLine[]): { writes: number; dryRuns: number } {
  const dryRuns = lines.filter((l) => l.dryRun).length;
  return { writes: lines.length - dryRuns, dryRuns };
}

/** The subscription id of `/v1/subscriptions/{id}`; a malformed escape in a logged path is kept as it was sent. */
function subscriptionIdIn(path: string): string | undefined {
  const id = subscriptionPath.exec(path)?.[1];
  if (id === undefined) return undefined;
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

function sameRequest(a: SandboxWrite, b: SandboxWrite): boolean {
  return a.method === b.method && a.path === b.path && JSON.stringify(a.query) === JSON.stringify(b.query) && JSON.stringify(a.body) === JSON.stringify(b.body);
}

type Subject = Pick<WriteLine, 'action' | 'company' | 'product' | 'quantity' | 'effectiveOn'>;

function subjectOf(w: SandboxWrite, byId: ReadonlyMap<string, LookedUpRecord>): Subject {
  const name = (id: string, kind: 'company' | 'product') => {
    const record = byId.get(id);
    return record?.kind === kind ? record.name : null;
  };
  const order = orderBodySchema.safeParse(w.body);
  if (w.method === 'POST' && w.path === '/v1/orders' && order.success) {
    const lines = order.data.lineItems;
    const products = lines.map((l) => name(l.productId, 'product') ?? `product ${l.productId}`);
    return {
      action: w.isMock === true ? 'Dry run of an order' : 'Order',
      company: name(order.data.companyId, 'company') ?? `company ${order.data.companyId}`,
      product: products.join(', '),
      quantity: lines.length === 1 ? seats(lines[0]?.quantity) : lines.map((l, i) => `${seats(l.quantity)} of ${products[i] ?? ''}`).join(', '),
      effectiveOn: null,
    };
  }
  const subscriptionId = subscriptionIdIn(w.path);
  const subscription = subscriptionId ? byId.get(subscriptionId) : undefined;
  const about = subscription?.kind === 'subscription' ? { company: subscription.companyName, product: subscription.productName } : { company: null, product: subscriptionId ? `subscription ${subscriptionId}` : null };
  if (subscriptionId && w.method === 'PUT') {
    const change = quantityBodySchema.safeParse(w.body);
    return { action: 'Seat change', ...about, quantity: change.success ? `to ${seats(change.data.quantity)}` : null, effectiveOn: null };
  }
  if (subscriptionId && w.method === 'DELETE') return { action: 'Cancellation', ...about, quantity: null, effectiveOn: w.query['cancelDate'] ?? null };
  return { action: 'Write', company: null, product: null, quantity: null, effectiveOn: null };
}

function outcomeOf(w: SandboxWrite): string {
  if (w.status === null) return w.responseLost ? 'applied, answer lost' : 'waiting for an answer';
  if (w.responseLost) return `applied (${w.status}), answer lost`;
  if (w.status >= 200 && w.status < 300) return w.isMock ? 'accepted, nothing ordered' : 'done';
  if (w.status === 429) return 'rate-limited (429)';
  if (w.status === 401) return 'refused (401: no valid token), not sent again';
  return w.status >= 500 ? `failed (${w.status})` : `refused (${w.status})`;
}
