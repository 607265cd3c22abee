/**
 * Licence findings of one company (`unused`, the daily digest): seats Pax8 bills that nobody in the
 * tenant uses, seats bought elsewhere that nobody uses (not Pax8's to reduce), and blocked users who
 * still hold a licence. Pure: it reads the licence picture (`licence-picture.ts`, the arithmetic)
 * and the blocked users, and applies the guards and the ignore list.
 */
import { skuDisplayName } from '../microsoft/sku-names.ts';
import { largeSkuUnits } from '../views/microsoft-views.ts';
import type { LicenceLine, LicencePicture, Pax8Licence } from './licence-picture.ts';

/** A company findings are about. */
export interface FindingCompany {
  readonly id: string;
  readonly name: string;
  readonly account: string;
}

/** Seats of one SKU in the tenant that nobody uses. */
export interface SeatFinding {
  readonly type: 'surplus' | 'elsewhere';
  /** Stable across runs: the digest remembers findings by it. */
  readonly key: string;
  readonly company: FindingCompany;
  readonly skuId: string;
  /** What the ignore list names: the part number, else the SKU id. */
  readonly sku: string;
  readonly name: string;
  readonly enabled: number;
  readonly consumed: number;
  readonly unused: number;
  /** Seats Pax8 bills for this SKU. */
  readonly paid: number;
  /** Enabled units no Pax8 subscription explains. */
  readonly elsewhere: number;
  /** `surplus`: the Pax8 subscription to reduce (the largest) and the total it would go to; null when its last seat is the unused one. */
  readonly reduce: { readonly subscription: Pax8Licence; readonly to: number } | null;
}

/** A user whose sign-in is blocked and who still holds licences. */
export interface BlockedUserFinding {
  readonly type: 'blocked';
  readonly key: string;
  readonly company: FindingCompany;
  readonly upn: string;
  readonly displayName: string | null;
  readonly licences: readonly { readonly skuId: string; readonly sku: string; readonly name: string }[];
}

export type LicenceFinding = SeatFinding | BlockedUserFinding;

/** Why SKUs were left out: guards, and changes still reaching Microsoft. */
export interface SkippedCounts {
  readonly trial: number;
  readonly free: number;
  readonly large: number;
  /** Pax8 and the tenant disagree (a change is still on its way): judged on the next run. */
  readonly changing: number;
}

/** An ignore-list entry: company by id or name, SKU by part number or id (any case). */
export interface IgnoreEntry {
  readonly company: string;
  readonly sku: string;
}

/** A blocked user as Graph lists them (`accountEnabled eq false`, with `assignedLicenses`). */
export interface BlockedUser {
  readonly userPrincipalName?: string | null | undefined;
  readonly displayName?: string | null | undefined;
  readonly assignedLicenses?: readonly { readonly skuId?: string | null | undefined }[] | null | undefined;
}


/** Free offers by part number (`FLOW_FREE`, `POWER_BI_STANDARD` is free too, `*_VIRAL` sign-ups). */
const freePartNumber = /FREE|VIRAL|POWER_BI_STANDARD/i;

/** The tenant's commerce subscriptions, as far as trials go. */
export interface TrialSource {
  readonly skuId: string;
  readonly isTrial?: boolean | null | undefined;
  readonly status: string;
}

export interface CompanyFindings {
  readonly findings: LicenceFinding[];
  readonly ignored: number;
  readonly skipped: SkippedCounts;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the ignore list names this company's SKU. */
export function isIgnored(ignores: readonly IgnoreEntry[], company: FindingCompany, sku: { readonly skuId: string; readonly sku: string }): boolean {
  return ignores.some((e) => (same(e.company, company.id) || same(e.company, company.name)) && (same(e.sku, sku.sku) || same(e.sku, sku.skuId)));
}

type Guard = keyof Omit<SkippedCounts, 'changing'>;

/** Which guard leaves a licence out, if any. */
function guardOf(line: LicenceLine, trials: readonly TrialSource[]): Guard | undefined {
  const isTrialSub = (s: Pax8Licence) => /trial/i.test(s.billingTerm ?? '') || /trial/i.test(s.status ?? '');
  const commerce = trials.filter((t) => same(t.skuId, line.skuId) && same(t.status, 'enabled'));
  if (line.pax8.some(isTrialSub) || (commerce.length > 0 && commerce.every((t) => t.isTrial === true))) return 'trial';
  if (freePartNumber.test(line.partNumber ?? '')) return 'free';
  if ((line.tenant?.enabled ?? 0) >= largeSkuUnits || line.pax8Seats >= largeSkuUnits) return 'large';
  return undefined;
}

/**
 * The findings of one company. Never proposes fewer seats than are assigned: a reduction removes at
 * most the tenant's free units, and never the subscription's last seat (ending it is `cancel`'s).
 */
export function companyFindings(input: {
  readonly company: FindingCompany;
  readonly picture: LicencePicture;
  readonly trials: readonly TrialSource[];
  readonly blocked: readonly BlockedUser[];
  readonly ignores: readonly IgnoreEntry[];
}): CompanyFindings {
  const { company } = input;
  const skipped = { trial: 0, free: 0, large: 0, changing: 0 };
  let ignored = 0;
  const findings: LicenceFinding[] = [];
  for (const line of input.picture.lines) {
    const sku = { skuId: line.skuId, sku: line.partNumber ?? line.skuId };
    const guard = guardOf(line, input.trials);
    if (guard) {
      if (line.tenant && line.tenant.free > 0) skipped[guard] += 1;
      continue;
    }
    const t = line.tenant;
    if (!t || t.free <= 0) continue;
    if (isIgnored(input.ignores, company, sku)) {
      ignored += 1;
      continue;
    }
    const base = { key: `${company.id}|sku|${line.skuId.toLowerCase()}`, company, ...sku, name: line.name, enabled: t.enabled, consumed: t.consumed, unused: t.free, paid: line.pax8Seats, elsewhere: t.elsewhere };
    if (line.source === 'elsewhere') {
      findings.push({ type: 'elsewhere', ...base, reduce: null });
      continue;
    }
    if (line.mismatch !== null) {
      skipped.changing += 1;
      continue;
    }
    const largest = line.pax8[0];
    const quantity = largest?.quantity ?? 0;
    const by = Math.min(t.free, quantity - 1);
    findings.push({ type: 'surplus', ...base, reduce: largest && by > 0 ? { subscription: largest, to: quantity - by } : null });
  }
  const names = new Map(input.picture.lines.map((l) => [l.skuId.toLowerCase(), { name: l.name, sku: l.partNumber ?? l.skuId }]));
  for (const user of input.blocked) {
    const upn = user.userPrincipalName;
    if (!upn) continue;
    const held = (user.assignedLicenses ?? []).flatMap((a) => (a.skuId ? [a.skuId] : []));
    const shown = held
      .filter((skuId) => !isIgnoredSku(input, skuId, names) && !isGuarded(input, skuId))
      .map((skuId) => ({ skuId, sku: names.get(skuId.toLowerCase())?.sku ?? skuId, name: names.get(skuId.toLowerCase())?.name ?? skuDisplayName({ skuId }) }));
    if (held.length === 0) continue;
    if (shown.length === 0) {
      if (held.some((skuId) => isIgnoredSku(input, skuId, names))) ignored += 1;
      continue;
    }
    findings.push({ type: 'blocked', key: `${company.id}|user|${upn.toLowerCase()}`, company, upn, displayName: user.displayName ?? null, licences: shown });
  }
  return { findings, ignored, skipped };
}

function isIgnoredSku(input: { readonly company: FindingCompany; readonly ignores: readonly IgnoreEntry[] }, skuId: string, names: ReadonlyMap<string, { sku: string }>): boolean {
  return isIgnored(input.ignores, input.company, { skuId, sku: names.get(skuId.toLowerCase())?.sku ?? skuId });
}

/** A blocked user's licence that costs nothing or is a trial is no finding. */
function isGuarded(input: { readonly picture: LicencePicture; readonly trials: readonly TrialSource[] }, skuId: string): boolean {
  const line = input.picture.lines.find((l) => same(l.skuId, skuId));
  return line !== undefined && guardOf(line, input.trials) !== undefined;
}

/** What a digest compares between runs: the numbers a reader would see change. */
export function findingFingerprint(f: LicenceFinding): string {
  if (f.type === 'blocked') return `blocked:${f.licences.map((l) => l.skuId.toLowerCase()).sort().join(',')}`;
  return `${f.type}:${f.enabled}:${f.consumed}:${f.paid}:${f.reduce?.to ?? '-'}`;
}

/** Adds up skipped counts of several companies. */
export function addSkipped(a: SkippedCounts, b: SkippedCounts): SkippedCounts {
  return { trial: a.trial + b.trial, free: a.free + b.free, large: a.large + b.large, changing: a.changing + b.changing };
}

export const noneSkipped: SkippedCounts = { trial: 0, free: 0, large: 0, changing: 0 };
