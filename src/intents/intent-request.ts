import type { QuantityChange } from '../approvals/kinds/seats-kind.ts';
import { z } from 'zod';

/**
 * The platform-neutral request the adapters build from a Slack slash command, a Teams message or a
 * card click. A discriminated union on `kind`: the handler table in `handle-intent.ts` is keyed by
 * it, so a new kind without a handler does not compile.
 */

export const platforms = ['slack', 'teams', 'console'] as const;
export type Platform = (typeof platforms)[number];

/**
 * How the actor's e-mail is known for this event: `fresh` — the platform was asked just now, past
 * any cache; `cached` — an answer kept from earlier (Slack and Teams identities are kept 10
 * minutes, fine for reads); `unavailable` — the platform could not be asked, so there is no e-mail.
 * A decision needs `fresh`: a role taken away counts from the next click (`decision-handlers.ts`).
 */
export const identityFreshness = ['fresh', 'cached', 'unavailable'] as const;
export type IdentityFreshness = (typeof identityFreshness)[number];

/** Who typed or clicked. `email` is what roles are keyed by; Slack and Teams users share it. */
export const actorSchema = z.object({
  userId: z.string().min(1),
  email: z.string().min(3).optional(),
  displayName: z.string().optional(),
  platform: z.enum(platforms),
  identity: z.enum(identityFreshness),
});
export type Actor = z.infer<typeof actorSchema>;

/** Where it was typed: a Slack channel or DM, a Teams conversation, the console. */
export const channelSchema = z.object({ platform: z.enum(platforms), id: z.string().min(1), isPersonal: z.boolean() });
export type ChannelRef = z.infer<typeof channelSchema>;

/** What every request carries besides its arguments. `eventId` is the platform event id (idempotency). */
export interface RequestContext {
  readonly actor: Actor;
  readonly channel: ChannelRef;
  readonly eventId: string;
  /** The Pax8 account typed with `--account NAME`: names, lists and ids are looked up only there. */
  readonly account?: string;
}

/** What the offboarding form sends: block sign-in, remove licences, and per skuId (lower case) release or keep its seat. */
export interface OffboardAnswer {
  readonly blockSignIn: boolean;
  readonly removeLicences: boolean;
  readonly seats: Readonly<Record<string, 'release' | 'keep'>>;
}

/** A quantity as typed: `+2` adds, `-2` removes, `7` sets the total. */
export type { QuantityChange };

/**
 * Names as typed, before resolution. Quoted text is one name; unquoted words are kept apart so the
 * resolver can try where the company name ends and the product name starts.
 */
export type NameWords = readonly string[];

/** Billing terms a technician can ask for (WIRE-NOTES rule 8). */
export const termWords = ['Monthly', 'Annual', '2-Year', '3-Year', 'One-Time', 'Trial'] as const;
export type TermWord = (typeof termWords)[number];

type Req<K extends string, A = object> = RequestContext & { readonly kind: K } & Readonly<A>;
type Paged = { page: number };

export type IntentRequest =
  | Req<'help', Paged & { topic: string | null }>
  | Req<'companies', Paged & { text: string | null }>
  | Req<'company', { company: string | null }>
  | Req<'contacts', Paged & { company: string | null }>
  | Req<'products', Paged & { text: string | null }>
  | Req<'product', { product: string }>
  | Req<'subs', Paged & { company: string | null }>
  | Req<'sub', { names: NameWords }>
  | Req<'orders', Paged & { company: string | null }>
  | Req<'order', { order: string }>
  | Req<'requests', Paged & { filter: 'mine' | 'pending' | 'all' }>
  | Req<'request', { requestId: string }>
  | Req<'renewals', Paged & { days: number }>
  | Req<'audit', Paged & { from: string | null; to: string | null; csv?: boolean }>
  /** `reconcile [company] [YYYY-MM] [csv]`: company null = every company; month null = the last invoiced one. */
  | Req<'reconcile', { company: string | null; month: string | null; csv: boolean }>
  | Req<'buy', { names: NameWords; quantity: number; term: TermWord | null; details: Readonly<Record<string, readonly string[]>> }>
  /**
   * `change` null: no number was typed, so the answer is the seats form; `answer` is what was typed
   * into that form (null until it is submitted). `keepAssigned` (`unused reduce`, a finding's Reduce
   * button): the change must never leave fewer seats than the tenant has assigned, checked again
   * when it runs.
   */
  | Req<'seats', { names: NameWords; change: QuantityChange | null; answer: string | null; keepAssigned?: boolean }>
  | Req<'cancel', { names: NameWords }>
  | Req<'licenses', Paged & { company: string | null }>
  /** `unused [company]`: licence findings of one company, the channel's, or every linked tenant's. */
  | Req<'unused', Paged & { company: string | null }>
  /** `unused ignore <company> <sku>` (a finding's Ignore button): admins only. */
  | Req<'unusedIgnore', { company: string; sku: string }>
  /** `names`: the company, then the text to match; in a mapped channel they may all be the text. */
  | Req<'users', Paged & { names: NameWords }>
  | Req<'user', { upn: string }>
  /**
   * `offboard [company] [user]`: `names` as `users` takes them (the company, then who); `answer` is
   * what was chosen in the offboarding form (null until it is submitted).
   */
  | Req<'offboard', { names: NameWords; answer: OffboardAnswer | null }>
  /** `details`: the onboarding form's answers by field key; null until the form is submitted. */
  | Req<'onboard', { company: string | null; details: Readonly<Record<string, readonly string[]>> | null }>
  | Req<'approvalsHere'>
  | Req<'map', { company: string }>
  /** `tenant`: as typed, a tenant id or one of its domains (checked by `parseTenantRef`). */
  | Req<'tenant', { company: string; tenant: string }>
  | Req<'approve', { requestId: string; version: number | null; reason: string | null }>
  | Req<'deny', { requestId: string; version: number | null; reason: string | null }>
  | Req<'cancelRequest', { requestId: string; version: number | null; reason: string | null }>
  | Req<'withdraw', { requestId: string; version: number | null; reason: string | null }>
  | Req<'resume', { requestId: string; version: number | null; reason: string | null }>
  /** "New password" on an onboarding card: a new temporary password for the user, to the requester privately. */
  | Req<'newPassword', { requestId: string; version: number | null; reason: string | null }>;

export type IntentKind = IntentRequest['kind'];
export type IntentOf<K extends IntentKind> = Extract<IntentRequest, { kind: K }>;

/** A command that could not be parsed: what was wrong, and which command's usage to show. */
export interface ParseFailure {
  readonly kind: 'parseFailure';
  readonly reason: 'empty' | 'unknown_command' | 'bad_arguments';
  readonly message: string;
  /** The command word whose usage applies, when the word itself was recognised. */
  readonly command: string | null;
  /** Known command words close to an unknown one. */
  readonly suggestions: readonly string[];
}
