/**
 * Reads the licence findings of companies (`unused`, the daily digest): per company, its linked
 * tenant's licences, commerce subscriptions and blocked users beside its Pax8 subscriptions, then
 * `companyFindings` decides. A company whose tenant cannot be read is named with the reason; the
 * others still count.
 */
import { createConcurrencyLimit } from '../http/concurrency-limit.ts';
import { GraphHttpError } from '../microsoft/index.ts';
import type { Company } from '../pax8/index.ts';
import { faultView } from './fault-view.ts';
import { addSkipped, type BlockedUser, companyFindings, type IgnoreEntry, type LicenceFinding, noneSkipped, type SkippedCounts } from './licence-findings.ts';
import { licencePicture } from './licence-picture.ts';
import type { ConfiguredMicrosoft } from './linked-tenant.ts';
import type { InAccount, IntentDeps } from './ports.ts';

/** What a scan found across the companies it read. */
export interface UnusedScan {
  readonly findings: LicenceFinding[];
  readonly ignored: number;
  readonly skipped: SkippedCounts;
  /** Companies that could not be read, each with why ("Contoso Ltd: the app is not consented ..."). */
  readonly problems: string[];
  /** Companies read. */
  readonly companies: number;
  /** Ids of the companies that could not be read (their findings are unknown, not gone). */
  readonly failed: string[];
}

/** Tenants read at once: each is a few Graph calls and a Pax8 list. */
const tenantsAtOnce = 4;

/** Ignore entries from the store (Ignore buttons) and the config file (`digests.ignore`). */
export async function licenceIgnores(deps: Pick<IntentDeps, 'store' | 'policy'>): Promise<IgnoreEntry[]> {
  const stored = await deps.store.licenceIgnores();
  return [...stored, ...(deps.policy.licenceIgnores ?? [])];
}

/** Every company some tenant link names, resolved in Pax8 (`account` narrows to one account); names not found are said. */
export async function linkedCompanies(ms: ConfiguredMicrosoft, deps: Pick<IntentDeps, 'resolver'>, account?: string): Promise<{ companies: InAccount<Company>[]; missing: string[] }> {
  const companies = new Map<string, InAccount<Company>>();
  const missing: string[] = [];
  for (const link of await ms.links.linked()) {
    if (account !== undefined && link.account !== undefined && link.account !== account) continue;
    const match = await deps.resolver.company(link.company, link.account ?? account);
    if (match.kind === 'match') companies.set(match.item.id, match.item);
    else missing.push(link.company);
  }
  return { companies: [...companies.values()].sort((a, b) => a.name.localeCompare(b.name)), missing };
}

/** The findings of the companies given, each read through its linked tenant. */
export async function scanUnused(ms: ConfiguredMicrosoft, companies: readonly InAccount<Company>[], ignores: readonly IgnoreEntry[]): Promise<UnusedScan> {
  const limit = createConcurrencyLimit(tenantsAtOnce);
  const results = await Promise.all(
    companies.map((company) =>
      limit.run(async () => {
        try {
          return { ok: true as const, value: await scanCompany(ms, company, ignores) };
        } catch (error) {
          return { ok: false as const, companyId: company.id, problem: `${company.name}: ${faultView(error, 'unused').message}` };
        }
      }),
    ),
  );
  const findings: LicenceFinding[] = [];
  const problems: string[] = [];
  const failed: string[] = [];
  let ignored = 0;
  let skipped = noneSkipped;
  for (const result of results) {
    if (!result.ok) {
      problems.push(result.problem);
      failed.push(result.companyId);
      continue;
    }
    if (result.value === undefined) continue;
    findings.push(...result.value.findings);
    ignored += result.value.ignored;
    skipped = addSkipped(skipped, result.value.skipped);
  }
  return { findings, ignored, skipped, problems, companies: companies.length, failed };
}

const blockedSelect = ['id', 'userPrincipalName', 'displayName', 'accountEnabled', 'assignedLicenses'];

/** One company's findings; undefined when it has no linked tenant. */
async function scanCompany(ms: ConfiguredMicrosoft, company: InAccount<Company>, ignores: readonly IgnoreEntry[]) {
  const link = await ms.links.find(company);
  if (!link) return undefined;
  const graph = ms.graph(link.tenantId);
  const blocked: BlockedUser[] = [];
  const [skus, subscriptions, pax8] = await Promise.all([
    graph.subscribedSkus(),
    // Without the commerce subscriptions, seats bought elsewhere and trials are not told apart; the rest holds.
    graph.directorySubscriptions().catch((error: unknown) => {
      if (error instanceof GraphHttpError && error.reason === 'permission_denied') return [];
      throw error;
    }),
    ms.pax8Skus.licencesOf(company),
    (async () => {
      for await (const user of graph.users.list({ filter: 'accountEnabled eq false', select: blockedSelect, top: 999 })) {
        if ((user.assignedLicenses ?? []).length > 0) blocked.push(user);
      }
    })(),
  ]);
  const picture = licencePicture({ skus, subscriptions, pax8: pax8.licences });
  return companyFindings({ company: { id: company.id, name: company.name, account: company.account }, picture, trials: subscriptions, blocked, ignores });
}
