/**
 * Date formatting as the Pax8 wire really does it: the spec says date-time everywhere, the wire
 * mixes `2020-12-01`, `2023-08-11T11:33:12.314-0600` and `2021-01-01T08:30:00Z`
 * (WIRE-NOTES "Spec vs wire"). The sandbox reproduces the mix so a client must parse leniently.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** `2021-01-01T08:30:00Z` style (no milliseconds). */
export function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2023-08-11T11:33:12.314-0600` style: local time in Mountain Time (Pax8 is in Denver). */
export function isoOffset(ms: number, offsetMinutes = -360): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace('Z', '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}${mm}`;
}

/** `2020-12-01` style. */
export function dateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar day in Pax8's own time (Denver, as `isoOffset`): an order placed at 01:30 UTC is dated the day before. */
export function pax8Day(ms: number): string {
  return isoOffset(ms).slice(0, 10);
}

/** One of the three styles, picked by a stable per-entity number so a record always looks the same. */
export function mixedDate(ms: number, style: number): string {
  const pick = Math.abs(style) % 3;
  if (pick === 0) return dateOnly(ms);
  if (pick === 1) return isoOffset(ms);
  return isoZ(ms);
}

export function startOfDayUtc(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function startOfMonthUtc(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const t = new Date(target);
  const lastDay = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return target + (day - 1) * DAY_MS + (ms - startOfDayUtc(ms));
}

/** Parses the date forms a client may send (`2024-05-01`, ISO with `Z` or any offset); undefined if none. */
export function parseWireDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const normalised = trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}
