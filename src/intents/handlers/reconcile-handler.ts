import { mayReadAudit } from '../../approvals/approval-policy.ts';
import { findingWhat, reconcileBilling, reconcileFileName, reconcileToCsv, topFindings, type ReconcileReport } from '../../billing/index.ts';
import type { DownloadRef, ReconcileSummaryView } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { resolveCompany } from '../resolve-company.ts';
import { accountArgs, arg, commandLine, errorView } from '../view-helpers.ts';

const w = wireIds.commands;

/** Progress is shown at most this often: a card update per company would flood the platform. */
const progressEveryMs = 2000;

/** The summary card's data: what the run found so far (`progress`) or in the end. */
export function reconcileSummaryView(report: ReconcileReport, extra: { company: string | null; progress: ReconcileSummaryView['progress']; download: DownloadRef | null }): ReconcileSummaryView {
  return {
    kind: 'reconcileSummary',
    month: report.month,
    company: extra.company,
    progress: extra.progress,
    companies: report.companies,
    reconciled: report.reconciled,
    notReconciled: report.notReconciled,
    withFindings: report.withFindings,
    accountsWithoutInvoices: report.accounts.filter((a) => a.invoices === 0).map((a) => a.name),
    totals: report.totals.map((t) => ({ ...t })),
    topFindings: topFindings(report, 5).map((r) => ({
      name: r.companyName,
      productName: r.productName || r.productId,
      what: findingWhat(r),
      currency: r.currency,
      costImpact: r.costImpact,
      priceImpact: r.priceImpact,
      explanation: r.explanation,
    })),
    download: extra.download,
  };
}

const empty: ReconcileReport = { month: null, accounts: [], companies: 0, reconciled: 0, notReconciled: 0, withFindings: 0, totals: [], rows: [] };

/**
 * `reconcile [company] [YYYY-MM] [csv]`: every company of every account (or `--account`, or one
 * company) reconciled for the month; the card shows how far it got while it runs, then the
 * summary, and with `csv` the whole run as a file (uploaded in Slack, a signed link in Teams).
 */
export const reconcileHandler: Handler<IntentOf<'reconcile'>> = {
  ack: (r) => `Reconciling ${r.company ? 'the company' : 'every company'}'s Pax8 invoice${r.month ? ` of ${r.month}` : ''}; this card shows the progress...`,
  async run(r, deps) {
    if (!mayReadAudit(deps.policy, r.actor.email)) return errorView('forbidden', 'Only approvers and admins can reconcile billing.', null);
    if (r.csv && !deps.files) return errorView('refused', 'Downloads are not set up on this bot, so there is no CSV here; run "npx pax8-chatops reconcile --csv out.csv".', null);
    let company: { account: string; companyId: string; name: string } | undefined;
    if (r.company !== null) {
      const resolved = await resolveCompany(r, r.company, deps, w.reconcile, (id) => commandLine(w.reconcile, arg(id), r.month, r.csv ? 'csv' : null, ...accountArgs(r)));
      if (!resolved.ok) return resolved.view;
      company = { account: resolved.value.account, companyId: resolved.value.id, name: resolved.value.name };
    }
    const names = r.account === undefined ? deps.pax8.names : [r.account];
    let shownAt = 0;
    const report = await reconcileBilling({
      // The month is the last invoiced one across every account, so a narrowed run gives the full run's rows.
      accounts: deps.pax8.names.map((name) => ({ name, reads: deps.pax8.get(name) })).filter((a) => company !== undefined || names.includes(a.name)),
      month: r.month ?? undefined,
      company: company && { account: company.account, companyId: company.companyId },
      botChanges: deps.botChanges,
      onProgress: ({ done, total }) => {
        const now = deps.clock.now().getTime();
        if (done === total || now - shownAt < progressEveryMs) return;
        shownAt = now;
        deps.progress?.(reconcileSummaryView({ ...empty, month: r.month, companies: total }, { company: company?.name ?? null, progress: { done, total }, download: null }));
      },
    });
    const download = r.csv && deps.files ? await deps.files.save({ name: reconcileFileName(report, company?.name), content: reconcileToCsv(report), rows: report.rows.length }) : null;
    return reconcileSummaryView(report, { company: company?.name ?? null, progress: null, download });
  },
};
