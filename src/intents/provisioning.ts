import type { ProvisioningDetail } from '../pax8/index.ts';

/**
 * The provisioning details an order needs (WIRE-NOTES rule 7), checked the way Pax8 checks them:
 * what applies when (Microsoft asks a new customer for a domain prefix and an existing one for its
 * tenant id, never both), and what each answer must look like. One place for the rules: the buy
 * handler, the details form (both platforms) and `product <name>` read them from here.
 */

/** How a detail is answered in a form: a choice, a date picker, or text. */
export type DetailInput = 'choice' | 'date' | 'text';

/** The answer of another detail that decides whether this one applies. */
interface Condition {
  readonly key: string;
  readonly answer: RegExp;
  /** For people: "for a new Microsoft customer (msCustExists=no)". */
  readonly text: string;
}

type Format = 'date' | 'email' | 'tenantId' | 'domainPrefix';

/** Pax8's rules for Microsoft details, which its `provision-details` answer does not state. */
const knownRules: Readonly<Record<string, { readonly when?: Condition; readonly format?: Format }>> = {
  msDomain: { when: { key: 'msCustExists', answer: /^no\b/i, text: 'for a new Microsoft customer (msCustExists=no)' }, format: 'domainPrefix' },
  msTenantId: { when: { key: 'msCustExists', answer: /^yes\b/i, text: 'for an existing Microsoft customer (msCustExists=yes)' }, format: 'tenantId' },
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function formatOf(detail: ProvisioningDetail): Format | undefined {
  const known = knownRules[detail.key]?.format;
  if (known) return known;
  if (/date$/i.test(detail.key) || /YYYY-MM-DD/.test(detail.description ?? '')) return 'date';
  if (/e-?mail$/i.test(detail.key)) return 'email';
  return undefined;
}

/** How the form asks for a detail. */
export function detailInput(detail: ProvisioningDetail): DetailInput {
  if ((detail.possibleValues ?? []).length > 0) return 'choice';
  return formatOf(detail) === 'date' ? 'date' : 'text';
}

/** When a detail applies, for people ("for a new Microsoft customer (msCustExists=no)"); null = always. */
export function appliesWhen(detail: ProvisioningDetail): string | null {
  return knownRules[detail.key]?.when?.text ?? null;
}

/** What `key=` takes, for people: the options, or the form of the text. */
export function expectedAnswer(detail: ProvisioningDetail): string {
  const options = detail.possibleValues ?? [];
  if (options.length > 0) return `one of: ${options.join(' | ')}`;
  switch (formatOf(detail)) {
    case 'date':
      return 'a date, YYYY-MM-DD';
    case 'email':
      return 'an e-mail address';
    case 'tenantId':
      return 'the tenant id (a GUID)';
    case 'domainPrefix':
      return 'the prefix before .onmicrosoft.com (letters, digits, hyphens)';
    default:
      return 'text';
  }
}

/** A typed answer in the form Pax8 takes, or why it cannot be. */
function checkText(detail: ProvisioningDetail, typed: string): { ok: true; value: string } | { ok: false; problem: string } {
  const value = typed.trim();
  switch (formatOf(detail)) {
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
      if (!match || !date || date.getUTCDate() !== Number(match[3]) || date.getUTCMonth() !== Number(match[2]) - 1) {
        return { ok: false, problem: `"${value.slice(0, 40)}" is not a date: use YYYY-MM-DD, e.g. 2026-11-29` };
      }
      return { ok: true, value };
    }
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? { ok: true, value } : { ok: false, problem: `"${value.slice(0, 60)}" is not an e-mail address` };
    case 'tenantId':
      return uuid.test(value) ? { ok: true, value } : { ok: false, problem: 'must be the tenant id, a GUID like 00000000-0000-0000-0000-000000000000' };
    case 'domainPrefix': {
      const prefix = value.replace(/\.onmicrosoft\.com$/i, '');
      return /^[a-z0-9][a-z0-9-]{1,62}$/i.test(prefix)
        ? { ok: true, value: prefix }
        : { ok: false, problem: 'use 2 to 63 letters, digits or hyphens, without ".onmicrosoft.com" (e.g. contoso)' };
    }
    default:
      return value.length > 500 ? { ok: false, problem: 'is longer than 500 characters' } : { ok: true, value };
  }
}

/**
 * A Multi-Value answer arrives as one comma-separated text (a card's multi-select, or `key=a,b`);
 * an answer that is itself one of the options (which may contain commas) is kept whole.
 */
function splitMultiValue(detail: ProvisioningDetail, typed: readonly string[]): readonly string[] {
  const trimmed = typed.map((t) => t.trim()).filter((t) => t !== '');
  if (detail.valueType !== 'Multi-Value') return trimmed;
  const options = (detail.possibleValues ?? []).map((o) => o.toLowerCase());
  return trimmed.flatMap((t) => (options.includes(t.toLowerCase()) ? [t] : t.split(',').map((s) => s.trim()).filter((s) => s !== '')));
}

/** The options a typed answer names: whole (any case), or by its first word (`no`, `yes`). */
function chooseOptions(detail: ProvisioningDetail, typed: readonly string[]): { ok: true; values: string[] } | { ok: false; problem: string } {
  const options = detail.possibleValues ?? [];
  const chosen = typed.map(
    (t) =>
      options.find((o) => o.toLowerCase() === t.toLowerCase()) ??
      options.find((o) => o.toLowerCase().startsWith(`${t.toLowerCase()},`) || o.toLowerCase().startsWith(`${t.toLowerCase()} `)),
  );
  if (chosen.some((c) => c === undefined) || (detail.valueType === 'Single-Value' && chosen.length > 1)) return { ok: false, problem: `must be ${expectedAnswer(detail)}` };
  return { ok: true, values: chosen.filter((c): c is string => c !== undefined) };
}

/** A detail still to be answered (missing or refused), with what was typed and when it applies. */
export interface MissingDetail {
  readonly detail: ProvisioningDetail;
  /** What was typed, shown again in the form; null when nothing was. */
  readonly value: string | null;
  /** Why it is asked: "missing", or what is wrong with the answer. */
  readonly problem: string;
  /** Set when it applies only for some answer of another detail not given yet. */
  readonly appliesWhen: string | null;
}

export interface ProvisioningCheck {
  /** Details to send with the order, in Pax8's `[{key, values}]` shape (only those that apply). */
  readonly values: { key: string; values: string[] }[];
  /** Details still missing or refused. */
  readonly missing: MissingDetail[];
}

/**
 * Matches what was given (`key=value` in the command, answers from each form) against what the
 * product needs. A detail whose condition is answered the other way does not apply and is not sent;
 * one whose condition is not answered yet is asked beside it, marked with when it applies.
 */
export function checkProvisioning(needed: readonly ProvisioningDetail[], given: Readonly<Record<string, readonly string[]>>): ProvisioningCheck {
  const values: ProvisioningCheck['values'] = [];
  const missing: MissingDetail[] = [];
  const answers = new Map<string, string[]>();
  // Conditions are answered first, so the details that depend on them know whether they apply.
  const conditionKeys = new Set(needed.flatMap((d) => knownRules[d.key]?.when?.key ?? []));
  const ordered = [...needed.filter((d) => conditionKeys.has(d.key)), ...needed.filter((d) => !conditionKeys.has(d.key))];
  const outcome = new Map<string, { value?: { key: string; values: string[] }; missing?: MissingDetail }>();
  for (const detail of ordered) {
    const when = knownRules[detail.key]?.when;
    const decidedBy = when && needed.some((d) => d.key === when.key) ? answers.get(when.key) : undefined;
    const conditionOpen = when !== undefined && needed.some((d) => d.key === when.key) && decidedBy === undefined;
    if (when && decidedBy !== undefined && !decidedBy.some((a) => when.answer.test(a))) continue;
    const typed = splitMultiValue(detail, given[detail.key] ?? []);
    const ask = (value: string | null, problem: string) =>
      outcome.set(detail.key, { missing: { detail, value, problem, appliesWhen: conditionOpen ? (when?.text ?? null) : null } });
    if (typed.length === 0) {
      ask(null, 'missing');
      continue;
    }
    if ((detail.possibleValues ?? []).length > 0) {
      const chosen = chooseOptions(detail, typed);
      if (!chosen.ok) ask(typed.join(','), chosen.problem);
      else {
        answers.set(detail.key, chosen.values);
        outcome.set(detail.key, { value: { key: detail.key, values: chosen.values } });
      }
      continue;
    }
    const checked = typed.map((t) => checkText(detail, t));
    const refused = checked.find((c) => !c.ok);
    if (refused && !refused.ok) ask(typed.join(','), refused.problem);
    else {
      const accepted = checked.flatMap((c) => (c.ok ? [c.value] : []));
      answers.set(detail.key, accepted);
      outcome.set(detail.key, { value: { key: detail.key, values: accepted } });
    }
  }
  // In the product's own order, as its form lists them.
  for (const detail of needed) {
    const result = outcome.get(detail.key);
    if (result?.value) values.push(result.value);
    if (result?.missing) missing.push(result.missing);
  }
  return { values, missing };
}

function capitalize(text: string): string {
  return text.startsWith('"') ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The problems of a details form's answers, by key, for the form's own fields (Slack shows them
 * in the modal, which stays open). The form's fields are the details still to be answered; those
 * already accepted are in its command and need no check here.
 */
export function detailsFormProblems(
  all: readonly { readonly key: string; readonly label: string; readonly description: string | null; readonly valueType: string | null; readonly possibleValues: readonly string[]; readonly optional?: boolean }[],
  answers: Readonly<Record<string, string | readonly string[]>>,
  neededText = 'is needed to order',
): Record<string, string> {
  // A field that may be left empty is checked by the intent layer only.
  const fields = all.filter((f) => f.optional !== true || (f.possibleValues.length > 0 && String(answers[f.key] ?? '') !== ''));
  const needed: ProvisioningDetail[] = fields.map((f) => ({ key: f.key, label: f.label, description: f.description, valueType: f.valueType, possibleValues: [...f.possibleValues] }));
  const given = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, typeof v === 'string' ? [v] : v]));
  // A detail that applies only for another answer is required only once that answer is given.
  const problems: Record<string, string> = {};
  for (const m of checkProvisioning(needed, given).missing) {
    if (m.appliesWhen !== null) continue;
    problems[m.detail.key] = m.problem === 'missing' ? `${m.detail.label ?? m.detail.key} ${neededText}` : capitalize(m.problem);
  }
  return problems;
}
