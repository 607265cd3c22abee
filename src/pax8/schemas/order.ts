import { z } from 'zod';
import { billingTerms, optionalBoolean, optionalNumber, optionalText, pax8Date } from './common.ts';

const provisioningValueSchema = z.object({ key: z.string(), values: z.array(z.string()).nullish() });

/**
 * An order line as Pax8 returns it. The spec's example spells `commitmentTermID`; the wire uses
 * `commitmentTermId`: both are read, normalised to `commitmentTermId` (WIRE-NOTES).
 */
const lineItemSchema = z
  .object({
    id: optionalText,
    productId: optionalText,
    subscriptionId: optionalText,
    commitmentTermId: optionalText,
    commitmentTermID: optionalText,
    provisionStartDate: pax8Date,
    lineItemNumber: optionalNumber,
    billingTerm: optionalText,
    parentSubscriptionId: optionalText,
    parentLineItemNumber: optionalNumber,
    quantity: optionalNumber,
    provisioningDetails: z.array(provisioningValueSchema).nullish(),
  })
  .transform(({ commitmentTermID, ...line }) => ({ ...line, commitmentTermId: line.commitmentTermId ?? commitmentTermID }));

/**
 * An order (`GET /orders`, `GET /orders/{id}`, `POST /orders` answer). `orderedBy` arrives as
 * `Pax8Partner` on GET and `Pax8 Partner` in the spec; it is normalised to `Pax8 Partner`. `status`
 * is not in the spec but is on the wire (`Completed`, `Processing`, `Failed`, `PendingManual`).
 */
export const orderSchema = z.object({
  id: optionalText,
  companyId: optionalText,
  createdDate: pax8Date,
  orderedBy: optionalText.transform((value) => (value === 'Pax8Partner' ? 'Pax8 Partner' : value)),
  orderedByUserId: optionalText,
  orderedByUserEmail: optionalText,
  isScheduled: optionalBoolean,
  status: optionalText,
  lineItems: z.array(lineItemSchema).nullish().transform((items) => items ?? []),
});
export type Order = z.infer<typeof orderSchema>;

const uuid = z.uuid();

/** One line of a new order, strict (WIRE-NOTES rule 8). `lineItemNumber` defaults to its 1-based position. */
export const createLineItemSchema = z.strictObject({
  lineItemNumber: z.number().int().min(1),
  productId: uuid,
  quantity: z.number().int().min(1),
  billingTerm: z.enum(billingTerms),
  commitmentTermId: uuid.optional(),
  provisionStartDate: z.string().optional(),
  parentSubscriptionId: uuid.optional(),
  parentLineItemNumber: z.number().int().min(1).optional(),
  provisioningDetails: z.array(z.strictObject({ key: z.string().min(1), values: z.array(z.string()) })).optional(),
});

/**
 * `POST /orders` body, strict: `orderedBy` is always `Pax8 Partner` (with the space, unlike GET),
 * provisioning details are an array of `{key, values}`, and there is no `companyId` on lines.
 */
export const createOrderSchema = z.strictObject({
  companyId: uuid,
  orderedBy: z.literal('Pax8 Partner'),
  orderedByUserEmail: z.email().optional(),
  lineItems: z.array(createLineItemSchema).min(1),
});
export type CreateOrderBody = z.infer<typeof createOrderSchema>;

/** What callers pass to `orders.create`: a body without the fixed `orderedBy` and with optional line numbers. */
export interface CreateOrderInput {
  companyId: string;
  orderedByUserEmail?: string;
  lineItems: (Omit<z.input<typeof createLineItemSchema>, 'lineItemNumber'> & { lineItemNumber?: number })[];
}

/** Builds the wire body of a new order; throws a `ZodError` if anything is off before any money moves. */
export function buildCreateOrderBody(input: CreateOrderInput): CreateOrderBody {
  return createOrderSchema.parse({
    companyId: input.companyId,
    orderedBy: 'Pax8 Partner',
    ...(input.orderedByUserEmail === undefined ? {} : { orderedByUserEmail: input.orderedByUserEmail }),
    lineItems: input.lineItems.map((line, index) => ({ ...line, lineItemNumber: line.lineItemNumber ?? index + 1 })),
  });
}

