import type { Company } from '../pax8/index.ts';
import { type MatchResult, matchStrength } from './fuzzy-match.ts';
import type { NameWords, RequestContext } from './intent-request.ts';
import type { InAccount, IntentDeps } from './ports.ts';
import { mappedCompany } from './resolve-company.ts';

/** Where the company name ends and the rest (product or subscription name) starts. */
export interface TargetSplit {
  /** The company text typed, or null when the channel's mapped company is used. */
  readonly companyText: string | null;
  readonly company: MatchResult<InAccount<Company>>;
  readonly rest: string;
}

/** How much a mapped channel's company is worth against a company typed in the command. */
const mappedStrength = 0.72;
const maxSplits = 6;

/**
 * Reads `<company> <name>` from unquoted words: every split point is tried and the one whose parts
 * match best wins ("contoso microsoft 365 e3" → Contoso + "microsoft 365 e3"). In a mapped channel
 * the company may be left out. `scoreRest` rates the rest (a product name) when that is cheap.
 * Returns undefined when no company can be found at all (a single name in an unmapped channel).
 */
export async function splitTarget(
  context: RequestContext,
  names: NameWords,
  deps: IntentDeps,
  scoreRest?: (text: string) => Promise<MatchResult<unknown>>,
): Promise<TargetSplit | undefined> {
  const splits: TargetSplit[] = [];
  const mapped = await mappedCompany(context, deps);
  if (mapped) splits.push({ companyText: null, company: { kind: 'match', item: mapped, score: mappedStrength }, rest: names.join(' ') });
  for (let k = 1; k < names.length && k <= maxSplits; k += 1) {
    const companyText = names.slice(0, k).join(' ');
    splits.push({ companyText, company: await deps.resolver.company(companyText, context.account), rest: names.slice(k).join(' ') });
  }
  let best: { split: TargetSplit; score: number } | undefined;
  for (const split of splits) {
    const score = matchStrength(split.company) + (scoreRest ? matchStrength(await scoreRest(split.rest)) : 0);
    if (best === undefined || score > best.score + 1e-9) best = { split, score };
  }
  return best?.split;
}
