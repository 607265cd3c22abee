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

const lenientDate = z.union([z.string(), z.date()]).transform((v) => new Date(v)).optional().catch(undefined);

/** What the engine needs from an order; everything else Pax8 returns is ignored. */
export const portOrderSchema = z.looseObject({
  id: z.string(),
  companyId: z.string().optional().catch(undefined),
  createdDate: lenientDate,
  lineItems: z
    .array(z.looseObject({ productId: z.string().optional(), quantity: z.number().optional(), subscriptionId: z.string().optional().nullable() }))
    .default([]),
});
export type PortOrder = z.output<typeof portOrderSchema>;

const commitmentSchema = z.looseObject({ endDate: lenientDate, term: z.string().optional().catch(undefined) }).nullable().optional().catch(undefined);

/** What the engine needs from a subscription (the wire says `commitment`, the spec `commitmentTerm`). */
export const portSubscriptionSchema = z
  .looseObject({
    id: z.string(),
    quantity: z.number().optional(),
    status: z.string().optional(),
    startDate: lenientDate,
    endDate: lenientDate,
    commitment: commitmentSchema,
    commitmentTerm: commitmentSchema,
  })
  .transform((s) => ({ ...s, commitmentEnd: (s.commitment ?? s.commitmentTerm)?.endDate }));
export type PortSubscription = z.output<typeof portSubscriptionSchema>;

/**
 * The only way the approvals engine reaches Pax8. Its method shapes are those of the client in
 * `src/pax8` (`pax8.orders.create`, `pax8.subscriptions.updateQuantity`, …), so the real client can
 * be adapted with `pax8PortFrom`, and tests use an in-memory fake. Writes are never retried here.
 */
export interface Pax8Port {
  readonly orders: {
    create(order: OrderInput, options: { isMock: boolean }): Promise<PortOrder>;
    list(query: { companyId: string }): AsyncIterable<PortOrder>;
  };
  readonly subscriptions: {
    get(id: string): Promise<PortSubscription>;
    updateQuantity(id: string, quantity: number): Promise<unknown>;
    cancel(id: string, options: { cancelDate?: string }): Promise<unknown>;
  };
}

/** Anything shaped like the Pax8 client; return types are re-parsed, so the client's exact types do not matter. */
export interface Pax8ClientLike {
  readonly orders: {
    create(order: never, options: { isMock: boolean }): Promise<unknown>;
    list(query: { companyId: string }): AsyncIterable<unknown>;
  };
  readonly subscriptions: {
    get(id: string): Promise<unknown>;
    updateQuantity(id: string, quantity: number): Promise<unknown>;
    cancel(id: string, options: { cancelDate?: string }): Promise<unknown>;
  };
}

/** Adapts the Pax8 client (`createPax8Client`) to the port, parsing only the fields the engine reads. */
export function pax8PortFrom(client: Pax8ClientLike): Pax8Port {
  return {
    orders: {
      create: async (order, options) => portOrderSchema.parse(await client.orders.create(order as never, options)),
      async *list(query) {
        for await (const order of client.orders.list(query)) yield portOrderSchema.parse(order);
      },
    },
    subscriptions: {
      get: async (id) => portSubscriptionSchema.parse(await client.subscriptions.get(id)),
      updateQuantity: (id, quantity) => client.subscriptions.updateQuantity(id, quantity),
      cancel: (id, options) => client.subscriptions.cancel(id, options),
    },
  };
}
