import type { ProvisioningDetail } from '../pax8/index.ts';

/** Microsoft asks for a new tenant's domain or an existing tenant's id, never both (WIRE-NOTES rule 7). */
const alternatives: readonly (readonly string[])[] = [['msDomain', 'msTenantId']];

export interface ProvisioningCheck {
  /** Details to send with the order, in Pax8's `[{key, values}]` shape. */
  readonly values: { key: string; values: string[] }[];
  /** Details still missing or invalid, with what was typed (if anything). */
  readonly missing: { detail: ProvisioningDetail; value: string | null; problem: string }[];
}

/**
 * Matches what the technician gave (`key=value`) against what the product needs. A single-choice
 * answer may be given by its first word (`msCustExists=no`); an alternative group needs one member.
 */
/**
 * A Multi-Value answer arrives as one comma-separated text (a card's multi-select, or `key=a,b`);
 * an answer that is itself one of the options (which may contain commas) is kept whole.
 */
function splitMultiValue(detail: ProvisioningDetail, typed: readonly string[]): readonly string[] {
  if (detail.valueType !== 'Multi-Value') return typed;
  const options = (detail.possibleValues ?? []).map((o) => o.toLowerCase());
  return typed.flatMap((t) => (options.includes(t.toLowerCase()) ? [t] : t.split(',').map((s) => s.trim()).filter((s) => s !== '')));
}

export function checkProvisioning(needed: readonly ProvisioningDetail[], given: Readonly<Record<string, readonly string[]>>): ProvisioningCheck {
  const values: ProvisioningCheck['values'] = [];
  const missing: ProvisioningCheck['missing'] = [];
  const givenKeys = new Set(Object.keys(given).filter((k) => (given[k] ?? []).length > 0));
  for (const detail of needed) {
    const typed = splitMultiValue(detail, given[detail.key] ?? []);
    if (typed.length === 0) {
      const group = alternatives.find((g) => g.includes(detail.key));
      const satisfied = group?.some((k) => k !== detail.key && givenKeys.has(k) && needed.some((d) => d.key === k));
      if (!satisfied) missing.push({ detail, value: null, problem: 'missing' });
      continue;
    }
    const options = detail.possibleValues ?? [];
    if (options.length === 0) {
      values.push({ key: detail.key, values: [...typed] });
      continue;
    }
    const chosen = typed.map((t) => options.find((o) => o.toLowerCase() === t.toLowerCase()) ?? options.find((o) => o.toLowerCase().startsWith(`${t.toLowerCase()},`) || o.toLowerCase().startsWith(`${t.toLowerCase()} `)));
    if (chosen.some((c) => c === undefined) || (detail.valueType === 'Single-Value' && chosen.length > 1)) {
      missing.push({ detail, value: typed.join(','), problem: `must be one of: ${options.join(' | ')}` });
      continue;
    }
    values.push({ key: detail.key, values: chosen.filter((c): c is string => c !== undefined) });
  }
  return { values, missing };
}
