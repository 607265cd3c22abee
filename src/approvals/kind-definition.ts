import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import { StoreError } from '../store/store-error.ts';
import type { WriteAttempt } from '../store/pax8-write-store.ts';
import type { Pax8Port } from './pax8-port.ts';

/** What a kind's Pax8 calls get: the port and the (injected) time. */
export interface KindContext {
  readonly pax8: Pax8Port;
  readonly now: Date;
}

/** Extra facts a resolver needs to read Pax8 without being fooled by older changes. */
export interface ResolveContext extends KindContext {
  /** Pax8 ids already credited to other requests; a resolver must not match them again. */
  readonly claimedIds: ReadonlySet<string>;
  /** After this long without a sign of the write, conclude it was not applied. */
  readonly settleAfterMs: number;
}

/** The write a kind is about to send, recorded before sending. */
export interface PlannedWrite {
  readonly operation: string;
  readonly body: unknown;
}

/** A write that Pax8 accepted: the ids it created or touched, and its answer. */
export interface ExecuteResult {
  readonly pax8Ids: readonly string[];
  readonly result?: unknown;
}

/** What reading Pax8 says about an uncertain write. */
export type ResolveOutcome =
  | { readonly outcome: 'succeeded'; readonly pax8Ids: readonly string[]; readonly detail?: string }
  | { readonly outcome: 'failed'; readonly detail: string }
  | { readonly outcome: 'still_unknown'; readonly detail: string };

/** Whether a change may run now, or only inside a window (the 7 days after the next term starts). */
export type WindowCheck =
  | { readonly ready: true }
  | { readonly ready: false; readonly runAt: Date; readonly windowEnd: Date }
  | { readonly ready: false; readonly runAt?: undefined; readonly reason: string };

/**
 * One kind of request (`buy`, `seats`, `cancel`, later `onboard`, …). The engine knows nothing
 * else about kinds, so a new kind is a new definition in the registry, not an engine change.
 */
export interface KindDefinition<P = unknown> {
  readonly kind: string;
  readonly payloadSchema: z.ZodType<P>;
  /** Partner-cost change per month; the policy's `secondApproverAbove` and auto-approve bounds use it. */
  monthlyCostDelta(payload: P): number;
  /** Seats the change adds or removes (absolute), for auto-approve `maxSeats`; undefined if not seat-based. */
  seats?(payload: P): number | undefined;
  /** Company id and name, for auto-approve `companies`. */
  company?(payload: P): { id: string; name?: string | undefined } | undefined;
  /** The write `execute` will send, recorded before sending. */
  describeWrite(payload: P): PlannedWrite;
  /** Does the one Pax8 write. Throws the client's errors; never retries. */
  execute(payload: P, ctx: KindContext): Promise<ExecuteResult>;
  /** Finds out, by reading only, whether an uncertain write was applied. */
  resolve(payload: P, attempt: WriteAttempt, ctx: ResolveContext): Promise<ResolveOutcome>;
  /** For changes Pax8 allows only in a window; absent = may always run now. */
  checkWindow?(payload: P, ctx: KindContext): Promise<WindowCheck>;
  /** True when a 422 refusal of this payload means "not now, at renewal" (decreases, cancellations). */
  deferOnRefusal?(payload: P): boolean;
}

/** The kinds the engine accepts, by name. */
export interface KindRegistry {
  get(kind: string): KindDefinition | undefined;
  readonly kinds: readonly string[];
}

/** Two definitions claim the same kind name: a wiring mistake, found at start. */
export class KindRegistryError extends AppError {
  readonly code = 'internal';
}

/** Builds a registry of definitions made with `defineKind`. */
export function createKindRegistry(definitions: readonly KindDefinition[]): KindRegistry {
  const byName = new Map(definitions.map((d) => [d.kind, d]));
  if (byName.size !== definitions.length) throw new KindRegistryError('two kind definitions share a name');
  return { get: (kind) => byName.get(kind), kinds: [...byName.keys()] };
}

/**
 * Type-checks a definition against its payload type, then erases that type: the engine only ever
 * calls a definition with a payload its own `payloadSchema` has just parsed.
 */
export function defineKind<P>(definition: KindDefinition<P>): KindDefinition {
  return definition;
}

/**
 * A stored payload, parsed again with its kind's schema: rows may have been written by an older
 * version. A payload that no longer parses is a store fault, reported with the request id.
 */
export function parseStoredPayload(def: KindDefinition, request: ApprovalRequest): unknown {
  const parsed = def.payloadSchema.safeParse(request.payload);
  if (!parsed.success) throw new StoreError(`request ${request.id} holds a payload that is not a valid "${def.kind}" payload`, { cause: parsed.error });
  return parsed.data;
}
