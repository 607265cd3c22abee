import { discrepancyView } from '../billing/discrepancies.ts';
import { plantDiscrepancy, plantInputSchema } from '../billing/plant-discrepancy.ts';
import { discrepancyKinds } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';

/** An admin answer: status and JSON body. */
export interface BillingAdminResult {
  status: number;
  body?: unknown;
}

const usage = `expected {"kind": "${discrepancyKinds.join('" | "')}", "invoiceId": "<id>", "subscriptionId"?: "<id>", "quantity"?: N, "unitCost"?: N}`;

function plant(data: SandboxData, text: string): BillingAdminResult {
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return { status: 400, body: { error: `malformed JSON; ${usage}` } };
  }
  const input = plantInputSchema.safeParse(json);
  if (!input.success) return { status: 400, body: { error: `${usage}: ${input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` } };
  const result = plantDiscrepancy(data, input.data, 'admin');
  return result.ok ? { status: 201, body: { discrepancy: discrepancyView(result.discrepancy) } } : { status: result.status, body: { error: result.error } };
}

/**
 * `GET /__sandbox/billing/discrepancies` lists the invoice errors planted in an account (by the seed
 * and through the API, in order); `POST` plants one: a recurring line's `quantity` or `price`
 * changed, a line `dropped`, or a line `added` for something not billable that month.
 */
export function handleBillingDiscrepancies(data: SandboxData, method: string, text: string): BillingAdminResult {
  if (method === 'POST') return plant(data, text);
  return { status: 200, body: { discrepancies: data.discrepancies.map(discrepancyView) } };
}
