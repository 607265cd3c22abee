import { z } from 'zod';
import { day } from '../../views/format.ts';
import { isoDateSchema } from '../../views/view-parts.ts';

/** When a seat change or cancellation happens: at once, or scheduled into the window after the next renewal. */
export const changeTimingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('now') }),
  z.object({ mode: z.literal('atRenewal'), renewsOn: isoDateSchema, windowCloses: isoDateSchema, reason: z.string() }),
]);
export type ChangeTiming = z.infer<typeof changeTimingSchema>;

/** "Now", or "At renewal on 2027-05-31 (window closes 2027-06-07)". */
export function timingText(timing: ChangeTiming): string {
  return timing.mode === 'now' ? 'Now' : `At renewal on ${day(timing.renewsOn)} (window closes ${day(timing.windowCloses)})`;
}
