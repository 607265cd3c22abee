import type { Company, Product, Subscription } from '../pax8/index.ts';
import type { ChoicesView } from '../views/message-views.ts';
import type { View } from '../views/view.ts';
import { wireIds } from '../wire-ids.ts';
import type { MatchResult } from './fuzzy-match.ts';
import type { RequestContext } from './intent-request.ts';
import type { InAccount, IntentDeps } from './ports.ts';
import { errorView } from './view-helpers.ts';
import { seats, shortId } from '../views/format.ts';

/** A resolved argument, or the view that answers the command instead (choices, or an error). */
export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly view: View };

/** The key channels are mapped by: `slack:C0CONTOSO`, `teams:19:...@thread.tacv2`. */
export function channelKey(context: RequestContext): string {
  return `${context.channel.platform}:${context.channel.id}`;
}

/**
 * The company mapped to the channel the command came from: an admin's `map` (in the store) wins
 * over the config file's `mappings`. Undefined when the channel has none.
 */
export async function mappedCompany(context: RequestContext, deps: IntentDeps): Promise<InAccount<Company> | undefined> {
  const key = channelKey(context);
  const stored = await deps.store.getChannelCompany(key);
  const configured = deps.policy.mappings.find((m) => m.channel === key);
  const text = stored?.companyId ?? configured?.company;
  if (text === undefined) return undefined;
  const named = (stored ? stored.account : configured?.account) ?? undefined;
  // An account no longer configured: the company id is still unique, so every account is asked.
  const account = named !== undefined && deps.pax8.names.includes(named) ? named : undefined;
  if (named !== account) deps.log.warn({ channel: key, account: named }, 'the Pax8 account of this channel mapping is not configured; looking in every account');
  // `--account` on the command names another account than the mapping's: the mapping does not apply.
  if (context.account !== undefined && account !== undefined && account !== context.account) return undefined;
  const match = await deps.resolver.company(text, account ?? context.account);
  if (match.kind === 'match') return match.item;
  deps.log.warn({ channel: key, company: text, account }, 'the company mapped to this channel was not found in Pax8');
  return undefined;
}

/** Turns a match result into the choices view (with re-runnable commands), or the matched item. */
export function fromMatch<T>(
  entity: ChoicesView['entity'],
  query: string,
  result: MatchResult<T>,
  describe: (item: T) => { id: string; label: string; detail: string | null },
  commandFor: (id: string) => string,
): Resolved<T> {
  if (result.kind === 'match') return { ok: true, value: result.item };
  const shown = query.length > 60 ? `${query.slice(0, 60)}...` : query;
  const candidates = result.candidates.map(({ item }) => {
    const d = describe(item);
    return { verb: wireIds.cardVerbs.choose, id: d.id, label: d.label, detail: d.detail, command: commandFor(d.id) };
  });
  const message =
    result.kind === 'ambiguous'
      ? `"${shown}" matches several ${entity === 'company' ? 'companies' : `${entity}s`}. Which one?`
      : candidates.length > 0
        ? `No ${entity} is called "${shown}". Did you mean one of these?`
        : `No ${entity} is called "${shown}".`;
  return { ok: false, view: { kind: 'choices', entity, query: shown, reason: result.kind, message, candidates } };
}

/** A company as a choice: its status and city, and its Pax8 account when the bot has more than one. */
export function companyDescriber(deps: Pick<IntentDeps, 'pax8'>) {
  const several = deps.pax8.names.length > 1;
  return (c: InAccount<Company>) => ({
    id: c.id,
    label: c.name,
    detail: [c.status, c.address?.city, several ? `account ${c.account}` : undefined].filter(Boolean).join(', ') || null,
  });
}

export const describeProduct = (p: Product) => ({ id: p.id, label: p.name, detail: p.vendorName ?? null });

/** A subscription as a choice: what tells two of one product apart ("56 seats · Annual · ends 2027-05-27 · id 4f5e0c1a"). */
export const describeSubscription = (s: Subscription) => ({
  id: s.id,
  label: s.productName ?? s.id,
  detail: [
    seats(s.quantity),
    s.billingTerm,
    s.commitment?.endDate ? `ends ${s.commitment.endDate.slice(0, 10)}` : null,
    s.status && s.status !== 'Active' ? s.status : null,
    `id ${shortId(s.id)}`,
  ]
    .filter(Boolean)
    .join(' · '),
});

/**
 * The company a command is about: the text typed, else the channel's mapped company. `commandFor`
 * rebuilds the command with a candidate's id, for the choice buttons.
 */
export async function resolveCompany(
  context: RequestContext,
  text: string | null,
  deps: IntentDeps,
  command: string,
  commandFor: (id: string) => string,
): Promise<Resolved<InAccount<Company>>> {
  if (text === null) {
    const mapped = await mappedCompany(context, deps);
    if (mapped) return { ok: true, value: mapped };
    return { ok: false, view: errorView('bad_input', 'Say which company; this channel is not mapped to one (an admin can run "map <company>" here).', command) };
  }
  return fromMatch('company', text, await deps.resolver.company(text, context.account), companyDescriber(deps), commandFor);
}
