import { defineSteppedKind } from '../kind-definition.ts';
import { offboardPayloadSchema } from './offboard-payload.ts';
import { offboardFacts, offboardPreviewSchema } from './offboard-preview.ts';
import { offboardSteps } from './offboard-steps.ts';

/**
 * Offboarding a leaver (`offboard [company] [user]`): block sign-in and revoke sessions, remove the
 * licences held directly, release or keep each seat at Pax8. It saves money rather than spending
 * it, so its cost delta is the (negative) monthly saving; the usual policy applies all the same.
 */
export const offboardKind = defineSteppedKind({
  kind: 'offboard',
  payloadSchema: offboardPayloadSchema,
  previewSchema: offboardPreviewSchema,
  previewFacts: offboardFacts,
  requestedBy: 'requester',
  monthlyCostDelta: (p) => -p.releases.reduce((sum, r) => sum + r.unitMonthlyCost, 0),
  seats: (p) => p.releases.length,
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  target: (p) => `m365-user:${p.tenantId}:${p.userId}`,
  steps: offboardSteps,
});
