import { AppError } from '../errors.ts';
import { type CreateOrderInput, Pax8HttpError } from '../pax8/index.ts';
import type { DryRun } from '../approvals/kinds/index.ts';
import type { IntentDeps } from './ports.ts';

/**
 * Pax8's verdict on an order without placing it (`POST /orders?isMock=true`; WIRE-NOTES rule 2).
 * A refusal (4xx) is a verdict, not a fault; Pax8 being unreachable is reported as "not checked"
 * so the approver knows, rather than blocking the request. Asked of the company's own account.
 */
export async function dryRunOrder(deps: IntentDeps, account: string, order: CreateOrderInput): Promise<DryRun> {
  try {
    await deps.pax8.get(account).orders.create(order, { isMock: true });
    return { ok: true, verdict: 'Pax8 accepts this order (dry run, nothing was ordered)', messages: [] };
  } catch (error) {
    if (error instanceof Pax8HttpError && error.status >= 400 && error.status < 500) {
      const messages = [error.pax8Message, ...error.details].filter((m): m is string => typeof m === 'string' && m !== '');
      return { ok: false, verdict: `Pax8 would refuse this order (${error.status})`, messages };
    }
    if (error instanceof AppError) {
      deps.log.warn({ err: error }, 'order dry run failed');
      return { ok: false, verdict: 'Not checked: Pax8 did not answer the dry run', messages: [] };
    }
    throw error;
  }
}
