import { z } from 'zod';
import { billingTerms } from '../model.ts';

/** `CreateOrder` as Pax8 takes it: provisioning details are an array, `commitmentTermId` spelled so. */
export const orderLineSchema = z.object({
  productId: z.string().min(1),
  commitmentTermId: z.string().optional(),
  provisionStartDate: z.string().optional(),
  lineItemNumber: z.number().int().min(1),
  billingTerm: z.enum(billingTerms),
  parentSubscriptionId: z.string().optional(),
  parentLineItemNumber: z.number().int().min(1).optional(),
  quantity: z.number().int().min(1),
  provisioningDetails: z.array(z.object({ key: z.string().min(1), values: z.array(z.string()) })).optional(),
});

export const createOrderSchema = z.object({
  companyId: z.string().min(1),
  orderedBy: z.enum(['Pax8 Partner', 'Customer', 'Pax8']).optional(),
  orderedByUserEmail: z.string().optional(),
  lineItems: z.array(orderLineSchema).min(1),
});

export type OrderLineInput = z.output<typeof orderLineSchema>;
export type CreateOrderInput = z.output<typeof createOrderSchema>;
