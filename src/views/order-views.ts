import { z } from 'zod';
import { commandActionSchema, companyRefSchema, isoDateSchema, pagingSchema } from './view-parts.ts';

/** `orders <company>`: newest first, each with its Details button. */
export const orderListSchema = z.object({
  kind: z.literal('orderList'),
  company: companyRefSchema,
  items: z.array(
    z.object({
      id: z.string(),
      createdDate: isoDateSchema.nullable(),
      status: z.string().nullable(),
      orderedByUserEmail: z.string().nullable(),
      lineCount: z.number().int().min(0),
      totalQuantity: z.number(),
      /** What was ordered, a line each: "3 × Exchange Online (Plan 1)". */
      lines: z.array(z.object({ quantity: z.number().nullable(), productName: z.string() })).default([]),
      actions: z.array(commandActionSchema).default([]),
    }),
  ),
  paging: pagingSchema,
});
export type OrderListView = z.infer<typeof orderListSchema>;

/** `order <id>`. */
export const orderDetailSchema = z.object({
  kind: z.literal('orderDetail'),
  order: z.object({
    id: z.string(),
    createdDate: isoDateSchema.nullable(),
    status: z.string().nullable(),
    orderedBy: z.string().nullable(),
    orderedByUserEmail: z.string().nullable(),
    isScheduled: z.boolean().nullable(),
  }),
  company: companyRefSchema.nullable(),
  lines: z.array(
    z.object({
      lineItemNumber: z.number().nullable(),
      productId: z.string().nullable(),
      productName: z.string().nullable(),
      subscriptionId: z.string().nullable(),
      quantity: z.number().nullable(),
      billingTerm: z.string().nullable(),
      commitmentTermId: z.string().nullable(),
    }),
  ),
});
export type OrderDetailView = z.infer<typeof orderDetailSchema>;
