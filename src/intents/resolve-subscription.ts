import { renewalWindow } from '../approvals/kinds/renewal-window.ts';
import { type Commitment, isClosedSubscription, type Subscription, unlessMissing } from '../pax8/index.ts';
import type { ChangeTiming } from '../approvals/kinds/index.ts';
import { changeWindowDays, termLabel } from './commitment-rules.ts';
import { uuidLike } from './create-resolver.ts';
import type { NameWords, RequestContext } from './intent-request.ts';
import type { InAccount, IntentDeps, Pax8Reads } from './ports.ts';
import { companyDescriber, describeSubscription, fromMatch, type Resolved } from './resolve-company.ts';
import { splitTarget } from './resolve-target.ts';
import { errorView } from './view-helpers.ts';

/**
 * The subscription a `sub`, `seats` or `cancel` command names: an id, or `<company> <product name>`
 * (company optional in a mapped channel). Cancelled subscriptions are not offered to change. The value is
 * always a fresh `subscriptions.get`, not a list row, so callers need not read it again.
 */
export async function resolveSubscription(
  context: RequestContext,
  names: NameWords,
  deps: IntentDeps,
  command: string,
  rebuild: (...target: string[]) => string,
  options: { readonly closedToo?: boolean } = {},
): Promise<Resolved<InAccount<Subscription>>> {
  const only = names.length === 1 ? names[0] : undefined;
  if (only !== undefined && uuidLike.test(only)) {
    const sub = await getSubscription(deps, only, context.account);
    return sub ? { ok: true, value: sub } : { ok: false, view: errorView('not_found', `No subscription has the id ${only}.`, command) };
  }
  const split = await splitTarget(context, names, deps);
  if (!split) return { ok: false, view: errorView('bad_input', 'Say which company the subscription belongs to, or give its id; this channel is not mapped to a company.', command) };
  const company = fromMatch('company', split.companyText ?? '', split.company, companyDescriber(deps), (id) => rebuild(id, split.rest));
  if (!company.ok) return company;
  const match = await deps.resolver.subscription(company.value, split.rest);
  const open = match.kind === 'match' || options.closedToo === true ? match : { ...match, candidates: match.candidates.filter((c) => !isClosedSubscription(c.item)) };
  const sub = fromMatch('subscription', split.rest, open, describeSubscription, (id) => rebuild(id));
  if (!sub.ok) return sub;
  const account = company.value.account;
  return { ok: true, value: { ...(await deps.pax8.get(account).subscriptions.get(sub.value.id)), account } };
}

/** The commitment a subscription is under, with its rules (from the product's dependencies). */
export async function commitmentOf(deps: IntentDeps, sub: InAccount<Subscription>): Promise<Commitment | undefined> {
  if (!sub.commitment || !sub.productId) return undefined;
  const { commitmentDependencies } = await deps.pax8.get(sub.account).products.dependencies(sub.productId);
  return commitmentDependencies.find((c) => c.id === sub.commitment?.id) ?? commitmentDependencies.find((c) => termLabel(c.term) === termLabel(sub.commitment?.term));
}

/**
 * When a decrease or cancellation can run, by the same rule the approvals engine applies
 * (`renewalWindow`): now inside the 7 days after purchase or renewal, else in the window after the
 * next renewal; `closed` when that window has passed too.
 */
export function changeTiming(sub: Subscription, now: Date, why: string): ChangeTiming | { readonly mode: 'closed'; readonly reason: string } {
  const window = renewalWindow(sub, now);
  if (window.ready) return { mode: 'now' };
  if (window.runAt === undefined) return { mode: 'closed', reason: window.reason };
  const renewsOn = new Date(window.windowEnd.getTime() - changeWindowDays * 86_400_000);
  return { mode: 'atRenewal', renewsOn: renewsOn.toISOString(), windowCloses: window.windowEnd.toISOString(), reason: why };
}

/** A subscription by id, from whichever account has it (only `account` when given); undefined when none does. */
export async function getSubscription(deps: IntentDeps, id: string, account?: string): Promise<InAccount<Subscription> | undefined> {
  const found = await inEachAccount(deps, account, (pax8) => unlessMissing(pax8.subscriptions.get(id)));
  return found && { ...found.item, account: found.account };
}

/**
 * Asks each account in turn (the default first; only `account` when given) for a record by id,
 * and returns the first found with the account that has it. Ids are Pax8's UUIDs, so at most one
 * account knows one.
 */
export async function inEachAccount<T>(deps: Pick<IntentDeps, 'pax8'>, account: string | undefined, read: (pax8: Pax8Reads) => Promise<T | undefined>): Promise<{ item: T; account: string } | undefined> {
  for (const name of account === undefined ? deps.pax8.names : [account]) {
    const item = await read(deps.pax8.get(name));
    if (item !== undefined) return { item, account: name };
  }
  return undefined;
}
