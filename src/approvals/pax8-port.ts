import { z } from 'zod';

/** An order as sent to `POST /orders` (see WIRE-NOTES rule 8: `commitmentTermId`, 1-based line numbers). */
export interface OrderInput {
  readonly companyId: string;
  readonly lineItems: readonly {
    readonly lineItemNumber: number;
    readonly productId: string;
    readonly quantity: number;
    readonly billingTerm: string;
    readonly commitmentTermId?: string;
    readonly provisioningDetails?: readonly { readonly key: string; readonly values: readonly string[] }[];
  }[];
}

const lenientDate = z.union([z.string(), z.date()]).transform((v) => new Date(v)).refine((d) => !Number.isNaN(d.getTime())).optional().catch(undefined);
const text = z.string().optional().nullable().catch(undefined).transform((v) => v ?? undefined);

/** What the engine needs from an order; everything else Pax8 returns is ignored. */
export const portOrderSchema = z.looseObject({
  id: z.string(),
  companyId: text,
  /** As Pax8 wrote it: often a bare calendar day (`2026-03-02`), so a resolver can apply day rules. */
  createdDate: z.union([z.string(), z.date()]).optional().nullable().catch(undefined).transform((v) => (v instanceof Date ? v.toISOString() : (v ?? undefined))),
  status: text,
  lineItems: z
    .array(
      z.looseObject({
        productId: text,
        quantity: z.number().optional().catch(undefined),
        subscriptionId: text,
        billingTerm: text,
        commitmentTermId: text,
        provisioningDetails: z.array(z.object({ key: z.string(), values: z.array(z.string()).nullish() })).nullish().catch(undefined),
      }),
    )
    .default([]),
});
export type PortOrder = z.output<typeof portOrderSchema>;

const commitmentSchema = z.looseObject({ id: text, endDate: lenientDate, term: text }).nullable().optional().catch(undefined);

/** What the engine needs from a subscription (the wire says `commitment`, the spec `commitmentTerm`). */
export const portSubscriptionSchema = z
  .looseObject({
    id: z.string(),
    companyId: text,
    productId: text,
    quantity: z.number().optional(),
    status: text,
    startDate: lenientDate,
    endDate: lenientDate,
    /** When this state began; on a history entry, the time of the change. */
    updatedDate: lenientDate,
    commitment: commitmentSchema,
    commitmentTerm: commitmentSchema,
  })
  .transform((s) => {
    const commitment = s.commitment ?? s.commitmentTerm;
    return { ...s, commitmentId: commitment?.id, commitmentEnd: commitment?.endDate };
  });
export type PortSubscription = z.output<typeof portSubscriptionSchema>;

/** The rules of one commitment a product offers (`GET /products/{id}/dependencies`, WIRE-NOTES rule 5). */
export const portCommitmentRuleSchema = z.looseObject({
  id: text,
  term: text,
  allowForQuantityDecrease: z.boolean().optional().nullable().catch(undefined),
  allowForEarlyCancellation: z.boolean().optional().nullable().catch(undefined),
  cancellationFeeApplied: z.boolean().optional().nullable().catch(undefined),
});
export type PortCommitmentRule = z.output<typeof portCommitmentRuleSchema>;

/**
 * The only way the approvals engine reaches Pax8. Its method shapes are those of the client in
 * `src/pax8` (`pax8.orders.create`, `pax8.subscriptions.updateQuantity`, …), so the real client can
 * be adapted with `pax8PortFrom`, and tests use an in-memory fake. Writes are never retried here.
 */
export interface Pax8Port {
  readonly orders: {
    create(order: OrderInput, options: { isMock: boolean }): Promise<PortOrder>;
    list(query: { companyId: string }): AsyncIterable<PortOrder>;
    get(id: string): Promise<PortOrder>;
  };
  readonly subscriptions: {
    get(id: string): Promise<PortSubscription>;
    /** The subscription's past states, newest first as Pax8 lists them; each `updatedDate` is when it began. */
    history(id: string): Promise<PortSubscription[]>;
    updateQuantity(id: string, quantity: number): Promise<PortSubscription>;
    cancel(id: string, options: { cancelDate?: string }): Promise<unknown>;
  };
  readonly products: {
    /** The commitment rules of a product (early cancellation, fee, decreases). */
    commitmentRules(productId: string): Promise<PortCommitmentRule[]>;
  };
}

/** Anything shaped like the Pax8 client; return types are re-parsed, so the client's exact types do not matter. */
export interface Pax8ClientLike {
  readonly orders: {
    create(order: never, options: { isMock: boolean }): Promise<unknown>;
    list(query: { companyId: string }): AsyncIterable<unknown>;
    get(id: string): Promise<unknown>;
  };
  readonly subscriptions: {
    get(id: string): Promise<unknown>;
    history(id: string): Promise<readonly unknown[]>;
    updateQuantity(id: string, quantity: number): Promise<unknown>;
    cancel(id: string, options: { cancelDate?: string }): Promise<unknown>;
  };
  readonly products: {
    dependencies(productId: string): Promise<{ readonly commitmentDependencies: readonly unknown[] }>;
  };
}

/** Adapts the Pax8 client (`createPax8Client`) to the port, parsing only the fields the engine reads. */
export function pax8PortFrom(client: Pax8ClientLike): Pax8Port {
  const subscription = (raw: unknown) => portSubscriptionSchema.parse(raw);
  return {
    orders: {
      create: async (order, options) => portOrderSchema.parse(await client.orders.create(order as never, options)),
      async *list(query) {
        for await (const order of client.orders.list(query)) yield portOrderSchema.parse(order);
      },
      get: async (id) => portOrderSchema.parse(await client.orders.get(id)),
    },
    subscriptions: {
      get: async (id) => subscription(await client.subscriptions.get(id)),
      history: async (id) => (await client.subscriptions.history(id)).map(subscription),
      updateQuantity: async (id, quantity) => subscription(await client.subscriptions.updateQuantity(id, quantity)),
      cancel: (id, options) => client.subscriptions.cancel(id, options),
    },
    products: {
      commitmentRules: async (productId) => (await client.products.dependencies(productId)).commitmentDependencies.map((c) => portCommitmentRuleSchema.parse(c)),
    },
  };
}
