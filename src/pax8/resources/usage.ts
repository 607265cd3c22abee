import { usageLineSchema, usageSummarySchema, type UsageLine, type UsageSummary } from '../schemas/usage.ts';
import { listAll, toQuery, type ResourceContext } from './context.ts';

/** Usage-based billing (Azure and the like): summaries per subscription and their daily lines. */
export interface UsageResource {
  summaries(subscriptionId: string, filters?: { resourceGroup?: string; companyId?: string; sort?: string }): AsyncIterable<UsageSummary>;
  summary(usageSummaryId: string): Promise<UsageSummary>;
  /** Lines of one summary; Pax8 requires `usageDate` (YYYY-MM-DD) on this route. */
  lines(usageSummaryId: string, filters?: { usageDate?: string; productId?: string }): AsyncIterable<UsageLine>;
}

export function createUsageResource(ctx: ResourceContext): UsageResource {
  return {
    summaries: (subscriptionId, filters) =>
      listAll(ctx, '/subscriptions/{subscriptionId}/usage-summaries', usageSummarySchema, { subscriptionId }, toQuery(filters)),
    summary: (usageSummaryId) =>
      ctx.request({ method: 'GET', route: '/usage-summaries/{usageSummaryId}', params: { usageSummaryId }, schema: usageSummarySchema, kind: 'read' }),
    lines: (usageSummaryId, filters) =>
      listAll(ctx, '/usage-summaries/{usageSummaryId}/usage-lines', usageLineSchema, { usageSummaryId }, toQuery(filters)),
  };
}
