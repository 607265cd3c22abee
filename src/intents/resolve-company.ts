import type { Company, Product } from '../pax8/index.ts';
import type { ChoicesView } from '../views/message-views.ts';
import type { View } from '../views/view.ts';
import { wireIds } from '../wire-ids.ts';
import type { MatchResult } from './fuzzy-match.ts';
import type { RequestContext } from './intent-request.ts';
import type { IntentDeps } from './ports.ts';
import { errorView } from './view-helpers.ts';

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
export async function mappedCompany(context: RequestContext, deps: IntentDeps): Promise<Company | undefined> {
  const key = channelKey(context);
  const stored = await deps.store.getChannelCompany(key);
  const configured = deps.policy.mappings.find((m) => m.channel === key)?.company;
  const text = stored?.companyId ?? configured;
  if (text === undefined) return undefined;
  const match = await deps.resolver.company(text);
  if (match.kind === 'match') return match.item;
  deps.log.warn({ channel: key, company: text }, 'the company mapped to this channel was not found in Pax8');
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

export const describeCompany = (c: Company) => ({ id: c.id, label: c.name, detail: [c.status, c.address?.city].filter(Boolean).join(', ') || null });

export const describeProduct = (p: Product) => ({ id: p.id, label: p.name, detail: p.vendorName ?? null });

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
): Promise<Resolved<Company>> {
  if (text === null) {
    const mapped = await mappedCompany(context, deps);
    if (mapped) return { ok: true, value: mapped };
    return { ok: false, view: errorView('bad_input', 'Say which company; this channel is not mapped to one (an admin can run "map <company>" here).', command) };
  }
  return fromMatch('company', text, await deps.resolver.company(text), describeCompany, commandFor);
}
