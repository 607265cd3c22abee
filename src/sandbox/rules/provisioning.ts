import type { Product, ProvisionField } from '../model.ts';

export interface ProvisioningValue {
  key: string;
  values: readonly string[];
}

function fieldProblem(field: ProvisionField, values: readonly string[] | undefined): string | undefined {
  if (values === undefined || values.length === 0 || values.every((v) => v.trim() === '')) return `Missing required provisioning detail: ${field.key}`;
  if (field.valueType === 'Input' || field.valueType === 'Single-Value') {
    if (values.length !== 1) return `Provisioning detail ${field.key} takes exactly one value`;
  }
  if (field.possibleValues) {
    const bad = values.find((v) => !field.possibleValues?.includes(v));
    if (bad !== undefined) return `Invalid value for provisioning detail ${field.key}: ${bad}`;
  }
  if (field.pattern) {
    const bad = values.find((v) => !field.pattern?.test(v));
    if (bad !== undefined) return `Invalid value for provisioning detail ${field.key}: ${bad}`;
  }
  return undefined;
}

/**
 * Checks an order line's `provisioningDetails` against the product's questions
 * (`GET /products/{id}/provision-details`). Each problem names the key, as Pax8's 422 does, so the
 * bot can ask the technician for exactly what is missing.
 */
export function provisioningProblems(product: Product, details: readonly ProvisioningValue[]): string[] {
  const byKey = new Map(details.map((d) => [d.key, d.values]));
  const problems: string[] = [];
  for (const field of product.provision) {
    const values = byKey.get(field.key);
    if (field.requiredWhen) {
      const other = byKey.get(field.requiredWhen.key);
      if (!other?.includes(field.requiredWhen.value) && values === undefined) continue;
    } else if (field.optional && values === undefined) continue;
    const problem = fieldProblem(field, values);
    if (problem) problems.push(problem);
  }
  const known = new Set(product.provision.map((f) => f.key));
  for (const key of byKey.keys()) if (!known.has(key)) problems.push(`Unknown provisioning detail: ${key}`);
  return problems;
}
