import { mayAdminister } from '../../approvals/approval-policy.ts';
import type { UnusedRow } from '../../views/microsoft-views.ts';
import type { CommandAction } from '../../views/view-parts.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf, RequestContext } from '../intent-request.ts';
import type { LicenceFinding } from '../licence-findings.ts';
import { linkedTenant, microsoftOf } from '../linked-tenant.ts';
import { mappedCompany, resolveCompany } from '../resolve-company.ts';
import { licenceIgnores, linkedCompanies, scanUnused } from '../unused-licences.ts';
import { accountArgs, arg, commandLine, errorView, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;

/**
 * The command that offboards a blocked user (`offboard "<company>" <upn>`), the company always
 * quoted.
 */
export function offboardCommand(company: string, upn: string): string {
  return `${wireIds.commands.offboard} "${company.replace(/["\u201C\u201D]/g, "'").replace(/\s+/g, ' ').trim()}" ${upn}`;
}

/** What a finding's buttons run: each is a command a technician could type (verb `choose`). */
function findingActions(f: LicenceFinding, options: { readonly ignore: boolean; readonly account: Pick<RequestContext, 'account'> }): CommandAction[] {
  const choose = (label: string, command: string): CommandAction => ({ verb: wireIds.cardVerbs.choose, label, command });
  const account = accountArgs(options.account);
  if (f.type === 'blocked') return [choose('Offboard', offboardCommand(f.company.name, f.upn))];
  const reduce = f.type === 'surplus' && f.reduce ? [choose(`Reduce to ${f.reduce.to}`, commandLine(w.unused, 'reduce', f.reduce.subscription.id, String(f.reduce.to), ...account))] : [];
  const ignore = options.ignore ? [choose('Ignore', commandLine(w.unused, 'ignore', arg(f.company.id), arg(f.sku), ...account))] : [];
  return [...reduce, ...ignore];
}

/** A finding as the `unusedList` view shows it. `ignore`: offer Ignore (admins; a posted digest offers it to all, the click checks). */
export function unusedRow(f: LicenceFinding, options: { readonly ignore: boolean; readonly account: Pick<RequestContext, 'account'> }): UnusedRow {
  const company = { id: f.company.id, name: f.company.name };
  const actions = findingActions(f, options);
  if (f.type === 'blocked') {
    return { type: 'blocked', company, licence: null, seats: null, subscription: null, reduceTo: null, user: { upn: f.upn, displayName: f.displayName, licences: f.licences.map((l) => l.name) }, actions };
  }
  const sub = f.reduce?.subscription ?? null;
  return {
    type: f.type,
    company,
    licence: { skuId: f.skuId, sku: f.sku, name: f.name },
    seats: { enabled: f.enabled, consumed: f.consumed, unused: f.unused, paid: f.paid, elsewhere: f.elsewhere },
    subscription: sub && {
      id: sub.id,
      productName: sub.productName,
      quantity: sub.quantity,
      status: sub.status,
      billingTerm: sub.billingTerm,
      commitmentTerm: sub.commitmentTerm,
      commitmentEndDate: sub.commitmentEndDate,
    },
    reduceTo: f.reduce?.to ?? null,
    user: null,
    actions,
  };
}

/** Seat findings first (largest waste first), then blocked users; by company within each. */
export function sortFindings(findings: readonly LicenceFinding[]): LicenceFinding[] {
  const weight = (f: LicenceFinding) => (f.type === 'blocked' ? -1 : f.unused);
  return [...findings].sort((a, b) => weight(b) - weight(a) || a.company.name.localeCompare(b.company.name) || a.key.localeCompare(b.key));
}

/**
 * `unused [company]`: per linked tenant and licence, seats paid for and not assigned (with Reduce,
 * never below the assigned seats), unused seats bought outside Pax8 (no button: not Pax8's to
 * reduce), and blocked users still holding a licence (with Offboard). Trials, free licences and
 * licences of 10,000+ units are left out and counted; ignored findings are counted, not shown.
 * Without a company: the channel's mapped company, else every company with a linked tenant.
 */
export const unusedHandler: Handler<IntentOf<'unused'>> = {
  ack: (r) => (r.company ? 'Comparing the licences paid for with the ones in use...' : 'Comparing the licences paid for with the ones in use, in every linked tenant...'),
  async run(r, deps) {
    const ms = microsoftOf(deps, w.unused);
    if (!ms.ok) return ms.view;
    const mapped = r.company === null ? await mappedCompany(r, deps) : undefined;
    let scope: { id: string; name: string } | null = null;
    let companies;
    let missing: string[] = [];
    if (r.company !== null || mapped) {
      const resolved = mapped ? { ok: true as const, value: mapped } : await resolveCompany(r, r.company, deps, w.unused, (id) => commandLine(w.unused, arg(id), ...accountArgs(r)));
      if (!resolved.ok) return resolved.view;
      const link = await linkedTenant(ms.value, resolved.value, w.unused);
      if (!link.ok) return link.view;
      scope = { id: resolved.value.id, name: resolved.value.name };
      companies = [resolved.value];
    } else {
      ({ companies, missing } = await linkedCompanies(ms.value, deps, r.account));
      if (companies.length === 0) {
        return errorView(
          'refused',
          `No company has a Microsoft 365 tenant linked yet, so there is nothing to compare. An admin links one with: ${commandLine(w.tenant, '<company>', '<tenant-id|domain>')} (e.g. its .onmicrosoft.com domain), or under microsoft.tenants in the config file.`,
          w.unused,
        );
      }
    }
    const scan = await scanUnused(ms.value, companies, await licenceIgnores(deps));
    const ignore = mayAdminister(deps.policy, r.actor.email);
    const rows = sortFindings(scan.findings).map((f) => unusedRow(f, { ignore, account: r }));
    const command = commandLine(w.unused, ...(scope ? [arg(scope.id)] : []), ...accountArgs(r));
    const { items, paging } = pageOf(rows, r.page, deps.policy.pageSize, command);
    return {
      kind: 'unusedList',
      company: scope,
      digest: false,
      companies: scan.companies,
      items,
      ignored: scan.ignored,
      skipped: scan.skipped,
      problems: [...scan.problems, ...missing.map((name) => `${name}: linked to a tenant in the config file, but Pax8 has no such company`)],
      more: 0,
      paging,
    };
  },
};

/**
 * `unused ignore <company> <sku>` (a finding's Ignore button): admins only. Records the company's
 * licence on the ignore list and audits it; `unused` and the digest then count it instead of showing it.
 */
export const unusedIgnoreHandler: Handler<IntentOf<'unusedIgnore'>> = {
  ack: () => 'Adding the licence to the ignore list...',
  async run(r, deps) {
    if (!mayAdminister(deps.policy, r.actor.email)) return errorView('forbidden', 'Only admins can ignore licence findings; ask an admin.', null);
    const resolved = await resolveCompany(r, r.company, deps, w.unused, (id) => commandLine(w.unused, 'ignore', arg(id), arg(r.sku), ...accountArgs(r)));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const sku = r.sku.toUpperCase();
    const added = await deps.store.ignoreLicence(
      { companyId: company.id, companyName: company.name, sku },
      { email: r.actor.email ?? r.actor.userId, role: 'admin', platform: r.actor.platform, channel: r.channel.id },
      deps.clock.now(),
    );
    return {
      kind: 'notice',
      tone: added ? 'success' : 'info',
      title: added ? 'Ignored' : 'Already ignored',
      message: added
        ? `Findings about ${sku} of ${company.name} are no longer shown by "unused" or the daily digest (they are counted as ignored).`
        : `${sku} of ${company.name} is on the ignore list already.`,
    };
  },
};
