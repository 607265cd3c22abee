import { z } from 'zod';

/** One seat to release at Pax8: the subscription, the licence it sells, and when it may shrink. */
export const seatReleaseSchema = z.object({
  subscriptionId: z.string().min(1),
  skuId: z.string().min(1),
  productName: z.string(),
  /** Seats when asked: for the card and the cost only; the release runs against what Pax8 has then. */
  quotedQuantity: z.number().int().nonnegative(),
  /** Partner cost per seat per month; 0 when unknown. */
  unitMonthlyCost: z.number().nonnegative().default(0),
  /** The commitment allows no decrease today: the release waits for the window after the renewal. */
  atRenewal: z.boolean(),
});
export type SeatRelease = z.infer<typeof seatReleaseSchema>;

/**
 * What an approved offboarding does, step by step, each against the state it reads when it runs:
 * block sign-in and revoke sessions (done already when they were done at once), remove the
 * licences held directly, release each seat (a `seats` request of its own, approved with this one,
 * which the engine runs now or schedules for the renewal window).
 */
export const offboardPayloadSchema = z.object({
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  upn: z.string().min(1),
  displayName: z.string().nullable().default(null),
  /** When it was asked (ISO): sessions revoked at or after this count as revoked. */
  askedAt: z.string().min(1),
  blockSignIn: z.boolean(),
  /** Licences (skuIds) the user holds directly and the bot removes; group-inherited ones are never here. */
  removeSkuIds: z.array(z.string().min(1)),
  releases: z.array(seatReleaseSchema),
});
export type OffboardPayload = z.output<typeof offboardPayloadSchema>;
