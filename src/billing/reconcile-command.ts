import { writeFile } from 'node:fs/promises';
import { InvalidInputError } from '../errors.ts';
import type { Pax8Clients } from '../pax8/index.ts';
import { collect } from '../pax8/index.ts';
import { monthStartOf } from './billing-calendar.ts';
import type { BotChange } from './bot-changes.ts';
import { reconcileToCsv } from './reconcile-csv.ts';
import type { ReconcileReport } from './reconcile-report.ts';
import { reconcileBilling } from './reconcile-run.ts';
import { summaryLines } from './reconcile-summary.ts';

/** `npx pax8-chatops reconcile` flags. */
export interface ReconcileArgs {
  readonly month?: string;
  readonly company?: string;
  readonly account?: string;
  readonly csv?: string;
}

export const reconcileUsage = `Usage: npx pax8-chatops reconcile [--month YYYY-MM] [--company NAME|ID] [--account NAME] [--csv FILE]
  Reconciles each company's Pax8 invoice of the month (default: the last invoiced one) against its
  subscriptions as they were then; prints the summary, and writes every row to FILE with --csv.
`;

export function parseReconcileArgs(args: readonly string[]): ReconcileArgs {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? '';
    const name = /^--(month|company|account|csv)$/.exec(flag)?.[1];
    const value = args[i + 1];
    if (!name) throw new InvalidInputError(`Unknown option "${flag.slice(0, 40)}".\n${reconcileUsage}`);
    if (value === undefined || value.startsWith('--')) throw new InvalidInputError(`${flag} needs a value.\n${reconcileUsage}`);
    out[name] = value;
    i += 1;
  }
  if (out.month !== undefined && monthStartOf(out.month) === undefined) throw new InvalidInputError(`--month must be YYYY-MM (e.g. 2026-10), not "${out.month.slice(0, 20)}".`);
  return out;
}

/** A company by id or name (any case; a unique part of the name will do) in the accounts given. */
async function findCompany(pax8: Pax8Clients, accounts: readonly string[], typed: string): Promise<{ account: string; companyId: string }> {
  const wanted = typed.toLowerCase();
  const found: { account: string; companyId: string; name: string }[] = [];
  for (const account of accounts) {
    for (const c of await collect(pax8.get(account).companies.list())) {
      if (c.id.toLowerCase() === wanted) return { account, companyId: c.id };
      if (c.name.toLowerCase().includes(wanted)) found.push({ account, companyId: c.id, name: c.name });
    }
  }
  const exact = found.filter((c) => c.name.toLowerCase() === wanted);
  const pick = exact.length === 1 ? exact : found;
  if (pick.length === 1 && pick[0]) return pick[0];
  if (pick.length === 0) throw new InvalidInputError(`No company matches "${typed.slice(0, 60)}".`);
  throw new InvalidInputError(`"${typed.slice(0, 60)}" matches ${pick.length} companies: ${pick.slice(0, 5).map((c) => c.name).join(', ')}${pick.length > 5 ? ', …' : ''}. Give more of the name or the id.`);
}

/** Runs the reconciliation the flags ask for; writes the CSV when asked. Returns the report and its summary text. */
export async function runReconcileCommand(
  args: ReconcileArgs,
  deps: { readonly pax8: Pax8Clients; readonly botChanges?: (range: { from: Date; to: Date }) => Promise<readonly BotChange[]> },
): Promise<{ report: ReconcileReport; text: string }> {
  const names = args.account === undefined ? deps.pax8.names : [deps.pax8.names.find((n) => n.toLowerCase() === args.account?.toLowerCase()) ?? args.account];
  for (const name of names) deps.pax8.get(name);
  const company = args.company === undefined ? undefined : await findCompany(deps.pax8, names, args.company);
  const report = await reconcileBilling({
    accounts: names.map((name) => ({ name, reads: deps.pax8.get(name) })),
    month: args.month,
    company,
    botChanges: deps.botChanges,
  });
  if (args.csv) await writeFile(args.csv, reconcileToCsv(report));
  const text = [...summaryLines(report), ...(args.csv ? [`${report.rows.length} rows written to ${args.csv}.`] : [])].join('\n');
  return { report, text: `${text}\n` };
}
