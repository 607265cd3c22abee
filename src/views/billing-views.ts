import { z } from 'zod';

/**
 * A CSV the bot kept for download: Slack gets the file uploaded to the conversation (by `fileId`),
 * Teams and the console a short-lived signed link (`url`, served at `GET /files/{token}`).
 */
export const downloadSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  url: z.string(),
  rows: z.number().int().nonnegative(),
  expiresAt: z.string(),
});
export type DownloadRef = z.infer<typeof downloadSchema>;

/** Money of one currency; never added to another currency's. */
const currencyTotalsSchema = z.object({
  currency: z.string(),
  invoices: z.number(),
  billedCost: z.number(),
  credits: z.number(),
  monthlyRecurringCost: z.number(),
  oneTimeCost: z.number(),
  findings: z.number(),
  findingsCost: z.number(),
  findingsPrice: z.number(),
});

/**
 * `reconcile [company] [YYYY-MM] [csv]`: companies reconciled, not reconciled (no invoice — never
 * "clean") and with findings, totals per currency, the largest findings. While it runs, `progress`
 * says how far it got and the card is updated in place.
 */
export const reconcileSummarySchema = z.object({
  kind: z.literal('reconcileSummary'),
  month: z.string().nullable(),
  /** The company when the run was narrowed to one. */
  company: z.string().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  companies: z.number().int(),
  reconciled: z.number().int(),
  notReconciled: z.number().int(),
  withFindings: z.number().int(),
  accountsWithoutInvoices: z.array(z.string()),
  totals: z.array(currencyTotalsSchema),
  topFindings: z.array(
    z.object({
      /** The company's name. */
      name: z.string(),
      productName: z.string(),
      what: z.string(),
      currency: z.string(),
      costImpact: z.number().nullable(),
      priceImpact: z.number().nullable(),
      explanation: z.string(),
    }),
  ),
  download: downloadSchema.nullable(),
});
export type ReconcileSummaryView = z.infer<typeof reconcileSummarySchema>;

/** A CSV export and nothing else to show (`audit … csv`). */
export const fileExportSchema = z.object({
  kind: z.literal('fileExport'),
  title: z.string(),
  message: z.string(),
  download: downloadSchema,
});
export type FileExportView = z.infer<typeof fileExportSchema>;
