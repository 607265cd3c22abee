import { z } from 'zod';
import { defineSteppedKind } from '../kind-definition.ts';
import { buyPayloadSchema } from './buy-kind.ts';
import { onboardFacts, onboardPreviewSchema } from './onboard-preview.ts';
import { onboardSteps } from './onboard-steps.ts';

const name = z.string().trim().min(1).max(64);

/**
 * An onboarding (`onboard`): a new user in the company's Microsoft 365 tenant with a licence, a seat
 * bought at Pax8 only if none is free when it runs. What is recorded is what to create; whether a
 * seat is needed is read again when the steps run (a seat freed or taken meanwhile changes it).
 */
export const onboardPayloadSchema = z.object({
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  /** The company's Entra tenant; null when none is linked (the steps after the seat are done by hand). */
  tenantId: z.string().min(1).nullable(),
  user: z.object({
    firstName: name,
    lastName: name,
    displayName: z.string().trim().min(1).max(256),
    userPrincipalName: z.string().trim().min(3).max(113),
    mailNickname: z.string().trim().min(1).max(64),
    usageLocation: z.string().regex(/^[A-Z]{2}$/),
  }),
  sku: z.object({ skuId: z.string().min(1), name: z.string().min(1) }),
  /** The Pax8 subscription that grows by one seat when none is free; null when the company has none of this SKU. */
  seatSubscription: z.object({ id: z.string().min(1), productName: z.string(), billingTerm: z.string().nullable(), unitMonthlyCost: z.number().nonnegative() }).nullable(),
  /**
   * When no seat is free and no Pax8 subscription of the SKU can grow: a new order of one seat of the
   * product that sells it, sent and settled exactly as a `buy` order. Null when a subscription grows.
   */
  seatOrder: buyPayloadSchema
    .pick({ productId: true, productName: true, billingTerm: true, commitmentTermId: true, provisioningDetails: true, unitMonthlyCost: true })
    .nullable()
    .default(null),
  /** Whether a seat was free when asked: for the cost estimate only, never executed. */
  quotedSeatNeeded: z.boolean(),
  /** Without a linked tenant, what the requester said: is a seat free? */
  seatFree: z.boolean().nullable().default(null),
  manager: z.object({ id: z.string().min(1), name: z.string() }).nullable().default(null),
  /** `YYYY-MM-DD`: the account is created on that day (UTC). */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  notes: z.string().max(500).nullable().default(null),
});
export type OnboardPayload = z.output<typeof onboardPayloadSchema>;

export const onboardKind = defineSteppedKind({
  kind: 'onboard',
  payloadSchema: onboardPayloadSchema,
  previewSchema: onboardPreviewSchema,
  previewFacts: onboardFacts,
  requestedBy: 'requester',
  monthlyCostDelta: (p) => (p.quotedSeatNeeded ? (p.seatSubscription?.unitMonthlyCost ?? p.seatOrder?.unitMonthlyCost ?? 0) : 0),
  seats: (p) => (p.quotedSeatNeeded ? 1 : 0),
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  target: (p) => `tenant:${p.tenantId ?? p.companyId}`,
  steps: onboardSteps,
});
