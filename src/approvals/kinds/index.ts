/**
 * The request kinds, in one list. Everything else derives from it: the engine's registry, the
 * previews a card can show, and the drafts the intent layer may open (a wrong field in a draft is a
 * compile error). A new kind is a definition in this folder and a line here.
 */
import { z } from 'zod';
import { type AnyKindDefinition, createKindRegistry, type KindCommon, type KindRegistry, type PreviewData } from '../kind-definition.ts';
import { buyKind } from './buy-kind.ts';
import { cancelKind } from './cancel-kind.ts';
import { offboardKind } from './offboard-kind.ts';
import { seatsKind } from './seats-kind.ts';
import { onboardKind } from './onboard-kind.ts';

export const requestKinds = [buyKind, seatsKind, cancelKind, onboardKind, offboardKind] as const;

type Kind = (typeof requestKinds)[number];
/** `buy`, `seats`, `cancel`, … */
export type RequestKindName = Kind['kind'];
type KindNamed<K extends RequestKindName> = Extract<Kind, { kind: K }>;
/** The payload of a `K` request, as its schema parses it: what the intent layer must hand over. */
export type PayloadInput<K extends RequestKindName> = KindNamed<K> extends KindCommon<infer P, infer _V, K> ? P : never;
/** The preview of a `K` request. */
export type PreviewOf<K extends RequestKindName> = KindNamed<K> extends KindCommon<infer _P, infer V, K> ? V : never;
/** The preview of any request. */
export type ApprovalPreview = PreviewOf<RequestKindName>;

type PreviewSchemas<T extends readonly Kind[]> = { [I in keyof T]: T[I]['previewSchema'] };
const previewSchemas = requestKinds.map((k) => k.previewSchema) as unknown as PreviewSchemas<typeof requestKinds>;

/** Any kind's preview, as a card view carries it. */
export const approvalPreviewSchema = z.union(previewSchemas);

/** The card's facts for a preview, from its kind's definition. */
export function previewFacts(preview: ApprovalPreview): PreviewData {
  const def = requestKinds.find((k) => k.kind === preview.kind);
  if (!def) throw new Error(`no request kind "${preview.kind}"`);
  return (def.previewFacts as (p: ApprovalPreview) => PreviewData)(preview);
}

/**
 * The kinds the engine accepts. The registry holds them with their payload types erased: the engine
 * only calls a definition with what that definition's own schemas have just parsed.
 */
export function standardKinds(): KindRegistry {
  return createKindRegistry(requestKinds.map((k) => k as unknown as AnyKindDefinition));
}

export { buyKind, cancelKind, offboardKind, onboardKind, seatsKind };
export type { OnboardPreview } from './onboard-preview.ts';
export type { OnboardPayload } from './onboard-kind.ts';
export { buyOrder } from './buy-kind.ts';
export type { BuyPreview, DryRun } from './buy-preview.ts';
export type { CancelPreview } from './cancel-preview.ts';
export type { ChangeTiming } from './change-timing.ts';
export type { SeatsPreview } from './seats-preview.ts';
export type { OffboardPreview } from './offboard-preview.ts';
