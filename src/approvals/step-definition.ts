import { z } from 'zod';
import type { GraphClient } from '../microsoft/index.ts';
import type { ApprovalRequest } from '../store/approval-request.ts';
import type { ChildRequestInput } from './open-child-request.ts';
import type { WriteAttempt } from '../store/pax8-write-store.ts';
import type { KindContext, PlannedWrite, ResolveContext } from './kind-definition.ts';

/**
 * One step of a multi-step request (DESIGN "Approval lifecycle", multi-step requests): buy a seat,
 * wait until the tenant shows it, create the user, assign the licence, … The engine runs the steps
 * of a request in order, exactly like a single Pax8 write each: `plan` reads the state *now*, the
 * attempt is recorded before `execute` sends it, a lost answer is settled by `resolve` (reading
 * only), and a refusal stops the request `failed` with the steps done so far kept. Resume runs only
 * the steps not done.
 */
export interface StepDefinition<P = unknown> {
  /** Stable id, recorded with every attempt and on the request (`seat`, `create-user`). */
  readonly id: string;
  /** What the card calls it ("Seat at Pax8", "Create the user"). */
  readonly title: string;
  /**
   * What this step acts on, when it is not the request's own target (a Pax8 subscription the step
   * resizes, say): the step then also takes that target's turn, so it never races a seat change.
   */
  target?(payload: P): string | undefined;
  /**
   * A sentence the card adds when this step stops, from what earlier steps did (a seat bought for a
   * user who then could not be created, say); undefined when there is nothing to add.
   */
  failureNote?(payload: P, earlier: Readonly<Record<string, StepRecord>>): string | undefined;
  /**
   * For a step that made an account: the account, when its temporary password is known to nobody
   * (found by reading after a lost answer, see {@link passwordUnknown}), so that the requester or an
   * approver can have a new one sent ("New password"); undefined otherwise.
   */
  accountWithoutPassword?(payload: P, record: StepRecord): AccountWithoutPassword | undefined;
  /** Reads the current state and decides. Throws the client's read errors (a passing fault is tried again later). */
  plan(payload: P, ctx: StepContext): Promise<StepPlan>;
  /** Sends the one write planned. Throws the client's errors; never retries a write. */
  execute(payload: P, write: PlannedWrite, ctx: StepContext): Promise<StepResult>;
  /** Finds out, by reading only, whether an uncertain write of this step was applied. */
  resolve(payload: P, attempt: WriteAttempt, ctx: StepResolveContext): Promise<StepResolveOutcome>;
}

/**
 * What a step does now, decided from the state it has just read:
 * - `write`: one write, recorded before it is sent (`body` is stored: never put a secret in it —
 *   `execute` makes the secret and keeps it out of the record);
 * - `done`: nothing to send, the state already is what was asked (a seat is free: none to buy);
 * - `stop`: it no longer makes sense, or cannot be done: the request ends `failed` here;
 * - `wait`: not yet (the start date, a seat Microsoft has not shown yet): the request is
 *   `scheduled` until `until`, the card says `summary`, and the step is planned again then. The
 *   step bounds its own waiting with `ctx.waitingSince` and stops when it has waited long enough.
 */
export type StepPlan =
  | { readonly action: 'write'; readonly write: PlannedWrite }
  | { readonly action: 'done'; readonly summary: string; readonly result?: Record<string, unknown> }
  | { readonly action: 'stop'; readonly reason: string }
  | { readonly action: 'wait'; readonly until: Date; readonly summary: string };

/** A write that was accepted. */
export interface StepResult {
  /** One line for the card ("created jane.doe@contoso.com"); else the planned write's summary. */
  readonly summary?: string;
  /** What later steps and the card need (a created user's id); never a secret. */
  readonly result?: Record<string, unknown>;
  /** Pax8 ids the step created or touched; added to the request's `pax8Ids`. */
  readonly pax8Ids?: readonly string[];
  /** A key naming the record this write made, unique across attempts (`order:<id>`, `graph-user:<id>`). */
  readonly evidence?: string;
}

/** What reading says about an uncertain write of a step. */
export type StepResolveOutcome =
  | {
      readonly outcome: 'succeeded';
      readonly detail: string;
      readonly result?: Record<string, unknown>;
      readonly pax8Ids?: readonly string[];
      readonly evidence?: string;
    }
  | { readonly outcome: 'failed'; readonly detail: string }
  | { readonly outcome: 'still_unknown'; readonly detail: string };

/** A private message to the requester (Slack DM, Teams personal chat). */
export interface PrivateNote {
  readonly title: string;
  readonly text: string;
}

/** An account a step made whose temporary password nobody knows. */
export interface AccountWithoutPassword {
  readonly tenantId: string;
  readonly userId: string;
  readonly userPrincipalName: string;
}

/**
 * Whether a done step's result says it made an account whose password nobody knows and no new one
 * is being sent: `passwordSent: false` (a user found by reading) and no `newPassword: 'sending'`.
 * The card's "New password" button and the engine ask this same question.
 */
export function passwordUnknown(result: Readonly<Record<string, unknown>> | null | undefined): boolean {
  return result?.passwordSent === false && result.newPassword !== 'sending';
}

/** The done step of a request's recorded steps whose account has no known password, if any. */
export function stepWithoutPassword(result: unknown): StepRecord | undefined {
  return stepsOf(result)?.find((s) => s.state === 'done' && passwordUnknown(s.result));
}

/** What a step's calls get, besides Pax8 and the time. */
export interface StepContext extends KindContext {
  readonly requestId: string;
  /** What the steps before this one recorded, by step id (their `result`s). */
  readonly earlier: Readonly<Record<string, StepRecord>>;
  /** When this step first answered `wait`; undefined when it has not waited. */
  readonly waitingSince: Date | undefined;
  /**
   * Graph for a customer tenant (the request's, recorded in its payload). Throws
   * `MicrosoftNotConnectedError` when the bot has no Microsoft credentials.
   */
  graph(tenantId: string): GraphClient;
  /**
   * Tells the requester something privately, once the step's outcome is recorded: a temporary
   * password, say. The text goes to their DM / personal chat only, never to a card, a channel, the
   * log, the store or the audit; the audit records that a private message was sent.
   */
  tellRequester(note: PrivateNote): void;
  /** The request a step of this one opened with this key (`openChildRequest`), if any: how a release is found again. */
  childRequest(key: string): Promise<ApprovalRequest | undefined>;
  /**
   * Opens, once per key, a request of another kind approved with this one (audited "approved with
   * <kind> request <id>"); the engine then runs it now or keeps it scheduled for its window, across
   * restarts. Offboarding's seat releases are `seats` requests opened this way.
   */
  openChildRequest(input: ChildRequestInput): Promise<ApprovalRequest>;
}

/** `StepContext` plus what a resolver needs to match records with the attempt (see `ResolveContext`). */
export type StepResolveContext = StepContext & Omit<ResolveContext, keyof KindContext>;

/** Where a step stands, as the request records it (`result.steps`) and the card shows it. */
export const stepStates = ['pending', 'done', 'waiting', 'failed', 'unknown'] as const;
export type StepState = (typeof stepStates)[number];

export const stepRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  state: z.enum(stepStates),
  /** One line for the card: what it did, what it waits for, or why it stopped. */
  summary: z.string().nullable().default(null),
  /** When it reached its state (ISO). */
  at: z.string().nullable().default(null),
  /** When it started waiting (ISO), kept across polls. */
  since: z.string().nullable().default(null),
  result: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type StepRecord = z.infer<typeof stepRecordSchema>;

/** The steps as a request records them, in order (`request.result.steps`). */
export const stepProgressSchema = z.object({ steps: z.array(stepRecordSchema) });

/** The recorded steps of a request's result, or undefined for a request that has none. */
export function stepsOf(result: unknown): StepRecord[] | undefined {
  const parsed = stepProgressSchema.safeParse(result);
  return parsed.success ? parsed.data.steps : undefined;
}
