import type { z } from 'zod';
import type { Role } from './approval-policy.ts';
import { AppError } from '../errors.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import { StoreError } from '../store/store-error.ts';
import type { WriteAttempt } from '../store/pax8-write-store.ts';
import type { Pax8Port } from './pax8-port.ts';
import type { StepDefinition } from './step-definition.ts';

/** A licence's seats in a customer tenant (Graph `subscribedSkus`), as an execution reads them. */
export interface TenantSeatsReader {
  /** Enabled and assigned units of the SKU in the tenant; undefined when the tenant has no such SKU. */
  seatsOf(tenantId: string, skuId: string): Promise<{ readonly enabled: number; readonly consumed: number } | undefined>;
}

/** A tenant's seats of a SKU read from its `subscribedSkus`: the one reader of enabled and assigned units. */
export function tenantSeatsOver(graph: (tenantId: string) => { subscribedSkus(): Promise<readonly { skuId: string; consumedUnits: number; prepaidUnits: { enabled: number } }[]> }): TenantSeatsReader {
  return {
    async seatsOf(tenantId, skuId) {
      const sku = (await graph(tenantId).subscribedSkus()).find((s) => s.skuId.toLowerCase() === skuId.toLowerCase());
      return sku && { enabled: sku.prepaidUnits.enabled, consumed: sku.consumedUnits };
    },
  };
}

/** What a kind's Pax8 calls get: the port and the (injected) time. */
export interface KindContext {
  readonly pax8: Pax8Port;
  readonly now: Date;
  /** The customers' tenants, read-only, when the bot reaches Microsoft 365 (a reduction that keeps assigned seats checks them). */
  readonly tenants?: TenantSeatsReader | undefined;
}

/** Extra facts a resolver needs to read Pax8 without being fooled by other changes. */
export interface ResolveContext extends KindContext {
  /** Which of these Pax8 records (orders, history entries) are already credited to other requests' attempts. */
  claimed(evidence: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * When Pax8 can have applied the write, at the latest: the answer's arrival, or (the owner died)
   * the end of its lease. Nothing recorded after this, allowing for clock skew, can be this write.
   */
  readonly attemptEnd: Date;
  /** How far Pax8's clock and ours may disagree. */
  readonly skewMs: number;
  /** After this long past `attemptEnd` without a sign of the write, Pax8's records are complete. */
  readonly settleAfterMs: number;
}

/** The write a kind is about to send, recorded before sending, with the state it acts on. */
export interface PlannedWrite {
  readonly operation: string;
  readonly body: unknown;
  /** What was read just before (e.g. the quantity a seat change starts from); judged against later. */
  readonly basis?: unknown;
  /** One line for the card: what the write does to the state it read ("14 → 13 seats"). */
  readonly summary: string;
}

/** What an execution does now, decided from the state it has just read. */
export type Plan =
  | { readonly action: 'write'; readonly write: PlannedWrite }
  /** Nothing to send: the state already is what was asked (e.g. "to 10" on 10 seats). */
  | { readonly action: 'done'; readonly summary: string }
  /** It no longer makes sense (cancelled meanwhile, fewer seats than the decrease): nothing is sent. */
  | { readonly action: 'stop'; readonly reason: string };

/** A write that Pax8 accepted: the ids it created or touched, its answer, and the record that proves it. */
export interface ExecuteResult {
  readonly pax8Ids: readonly string[];
  readonly result?: Record<string, unknown>;
  /** A key naming the Pax8 record this write made (`order:<id>`, `history:<sub>@<ms>`), if known. */
  readonly evidence?: string;
}

/** What reading Pax8 says about an uncertain write. */
export type ResolveOutcome =
  | { readonly outcome: 'succeeded'; readonly pax8Ids: readonly string[]; readonly evidence: string; readonly detail: string }
  | { readonly outcome: 'failed'; readonly detail: string }
  | { readonly outcome: 'still_unknown'; readonly detail: string };

/** Whether a change may run now, or only inside a window (the 7 days after the next term starts). */
export type WindowCheck =
  | { readonly ready: true }
  | { readonly ready: false; readonly runAt: Date; readonly windowEnd: Date }
  | { readonly ready: false; readonly runAt?: undefined; readonly reason: string };

/** What a follow-up read of a done write found (e.g. provisioning of a new subscription). */
export interface FollowUp {
  readonly result: Record<string, unknown>;
  /** False while Pax8 is still working on it: look again later. */
  readonly settled: boolean;
}

/** A fact an approver reads on the card: a title and ready text. */
export interface PreviewFact {
  readonly title: string;
  readonly value: string;
}

/** What a preview shows on the card: facts, the commitment in words, the dry-run verdict, warnings. */
export interface PreviewData {
  readonly facts: readonly PreviewFact[];
  readonly commitment: string;
  readonly dryRun: { readonly ok: boolean; readonly text: string } | null;
  readonly warnings: readonly string[];
}

/**
 * What every kind declares, whether it makes one Pax8 write or runs several steps: its payload, the
 * preview an approver decides on, who may ask for it, its cost, and what it acts on. The engine,
 * the intent layer and the cards know nothing else about kinds, so a new kind is a new definition
 * in the registry (`kinds/index.ts`), not a change anywhere else.
 */
export interface KindCommon<P = unknown, V extends { readonly kind: string } = { readonly kind: string }, K extends string = string> {
  readonly kind: K;
  /** What is approved and executed: the *change* asked for, never a snapshot of the state. */
  readonly payloadSchema: z.ZodType<P>;
  /** What the approver saw when deciding; stored beside the payload, shown on every copy of the card, never executed. */
  readonly previewSchema: z.ZodType<V>;
  /** The card's facts for a preview of this kind. */
  previewFacts(preview: V): PreviewData;
  /** The weakest role that may ask for this kind (`approval-policy.ts` decides who has it). */
  readonly requestedBy: Role;
  /** Partner-cost change per month; the policy's `secondApproverAbove` and auto-approve bounds use it. */
  monthlyCostDelta(payload: P): number;
  /** Seats the change adds or removes (absolute), for auto-approve `maxSeats`; undefined if not seat-based. */
  seats?(payload: P): number | undefined;
  /** Company id and name, for auto-approve `companies`. */
  company?(payload: P): { id: string; name?: string | undefined } | undefined;
  /** What the change acts on; executions and resolutions of one target run one at a time. */
  target(payload: P): string;
  /** For changes Pax8 allows only in a window; absent = may always run now. */
  checkWindow?(payload: P, ctx: KindContext): Promise<WindowCheck>;
  /** True when a 422 refusal of this payload means "not now, at renewal" (decreases, cancellations). */
  deferOnRefusal?(payload: P): boolean;
  /** Reads again what a done write started (provisioning); absent = nothing to follow. */
  followUp?(payload: P, result: Record<string, unknown>, ctx: KindContext): Promise<FollowUp>;
}

/**
 * A kind that makes one Pax8 write (`buy`, `seats`, `cancel`).
 *
 * Every execution (immediate, scheduled, recovered) calls `plan` first, which reads Pax8 *now* and
 * turns the approved change into a write against the current state; the request records the
 * change, never a snapshot of the state it was typed against.
 */
export interface KindDefinition<P = unknown, V extends { readonly kind: string } = { readonly kind: string }, K extends string = string> extends KindCommon<P, V, K> {
  /** Reads the current state and decides the write. Throws the client's read errors. */
  plan(payload: P, ctx: KindContext): Promise<Plan>;
  /** Does the one Pax8 write planned. Throws the client's errors; never retries. */
  execute(payload: P, write: PlannedWrite, ctx: KindContext): Promise<ExecuteResult>;
  /** Finds out, by reading only, whether an uncertain write was applied. */
  resolve(payload: P, attempt: WriteAttempt, ctx: ResolveContext): Promise<ResolveOutcome>;
  readonly steps?: undefined;
}

/**
 * A kind that runs several steps in order (onboarding, offboarding), each planned from the state
 * read when it runs, recorded before it is sent, and settled by reading when its answer is lost
 * (see `step-definition.ts` and `execute-steps.ts`). A request stopped part-way is `failed` with
 * its done steps kept; Resume runs only the rest.
 */
export interface SteppedKindDefinition<P = unknown, V extends { readonly kind: string } = { readonly kind: string }, K extends string = string> extends KindCommon<P, V, K> {
  /** The steps of this payload, in order. Ids are recorded with every attempt: never rename one that shipped. */
  steps(payload: P): readonly StepDefinition<P>[];
  readonly plan?: undefined;
}

/** Either kind of kind, as the registry holds them. */
export type AnyKindDefinition<P = unknown, V extends { readonly kind: string } = { readonly kind: string }, K extends string = string> =
  | KindDefinition<P, V, K>
  | SteppedKindDefinition<P, V, K>;

/** The kinds the engine accepts, by name. */
export interface KindRegistry {
  get(kind: string): AnyKindDefinition | undefined;
  readonly kinds: readonly string[];
}

/** Two definitions claim the same kind name: a wiring mistake, found at start. */
export class KindRegistryError extends AppError {
  readonly code = 'internal';
}

/** Builds a registry of definitions made with `defineKind`. */
export function createKindRegistry(definitions: readonly AnyKindDefinition[]): KindRegistry {
  const byName = new Map(definitions.map((d) => [d.kind, d]));
  if (byName.size !== definitions.length) throw new KindRegistryError('two kind definitions share a name');
  return { get: (kind) => byName.get(kind), kinds: [...byName.keys()] };
}

/**
 * Type-checks a definition against its payload and preview types and keeps them, so the intent
 * layer derives its drafts from it (`PayloadInput`, `PreviewOf` in `kinds/index.ts`). The engine
 * only ever calls a definition with a payload its own `payloadSchema` has just parsed.
 */
export function defineKind<P, V extends { readonly kind: K }, K extends string>(definition: KindDefinition<P, V, K>): KindDefinition<P, V, K> {
  return definition;
}

/** `defineKind` for a kind that runs steps. */
export function defineSteppedKind<P, V extends { readonly kind: K }, K extends string>(definition: SteppedKindDefinition<P, V, K>): SteppedKindDefinition<P, V, K> {
  return definition;
}

/**
 * A stored payload, parsed again with its kind's schema: rows may have been written by an older
 * version. A payload that no longer parses is a store fault, reported with the request id.
 */
export function parseStoredPayload(def: AnyKindDefinition, request: ApprovalRequest): unknown {
  const parsed = def.payloadSchema.safeParse(request.payload);
  if (!parsed.success) throw new StoreError(`request ${request.id} holds a payload that is not a valid "${def.kind}" payload`, { cause: parsed.error });
  return parsed.data;
}
