// Dates as the side panels show them: in words a person reads ("Dec 28, 2026, 9:00 AM"), with how
// long ago on the sandbox clock, never raw ISO text.

const dateTimeFormat = new Intl.DateTimeFormat([], { dateStyle: 'medium', timeStyle: 'short' });
// A day on its own (`2026-12-28`, a cancellation date) is a calendar day: read it in UTC, so it is
// not shown as the day before west of Greenwich.
const dayFormat = new Intl.DateTimeFormat([], { dateStyle: 'medium', timeZone: 'UTC' });

/** `Dec 28, 2026, 9:00 AM` in the browser's language and time zone. */
export function inWords(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dateTimeFormat.format(date);
}

/** `Dec 28, 2026` for a `YYYY-MM-DD` day. */
export function dayInWords(day) {
  const date = new Date(`${String(day).slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? String(day) : dayFormat.format(date);
}

const units = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** `just now`, `5 minutes ago`, `3 days ago`, `in 2 hours`: `iso` seen from `nowIso` (the sandbox clock). */
export function fromNow(iso, nowIso) {
  const diff = Date.parse(iso) - Date.parse(nowIso);
  if (Number.isNaN(diff)) return '';
  const size = Math.abs(diff);
  const [unit, ms] = units.find(([, ms]) => size >= ms) ?? [];
  if (!unit) return 'just now';
  const n = Math.floor(size / ms);
  const amount = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return diff < 0 ? `${amount} ago` : `in ${amount}`;
}
