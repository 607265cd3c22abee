export { reconcileBilling, type ReconcileAccount, type ReconcileOptions } from './reconcile-run.ts';
export type { ReconcileReads } from './reconcile-reads.ts';
export { topFindings, type CurrencyTotals, type ReconcileReport, type ReconcileRow } from './reconcile-report.ts';
export { reconcileColumns, reconcileFileName, reconcileToCsv } from './reconcile-csv.ts';
export { botChangeSourceFrom, readBotChanges, type BotChange, type BotChangeSource } from './bot-changes.ts';
export { findingText, findingWhat, money, summaryLines } from './reconcile-summary.ts';
export { findingKinds, type FindingKind } from './compare-lines.ts';
export { monthStartOf } from './billing-calendar.ts';
