import { createKindRegistry, type KindRegistry } from '../kind-definition.ts';
import { buyKind } from './buy-kind.ts';
import { cancelKind } from './cancel-kind.ts';
import { seatsKind } from './seats-kind.ts';

/** The kinds shipped today; onboarding, offboarding and unused-license reductions add definitions here. */
export function standardKinds(): KindRegistry {
  return createKindRegistry([buyKind, seatsKind, cancelKind]);
}
