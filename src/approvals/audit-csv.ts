import type { AuditRecord } from '../store/audit-store.ts';
import type { Store } from '../store/open-store.ts';

const columns = ['time', 'request_id', 'action', 'actor', 'role', 'platform', 'channel', 'from_state', 'to_state', 'reason', 'pax8_ids'] as const;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break (RFC 4180), and prefixed with `'`
 * when it starts with `= + - @` (or a tab/CR), so a spreadsheet shows it as text instead of running
 * it as a formula (OWASP "CSV injection").
 */
export function csvCell(value: string | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Audit records as CSV, header first, CRLF line ends. */
export function auditToCsv(records: readonly AuditRecord[]): string {
  const lines = [columns.join(',')];
  for (const r of records) {
    const cells = [r.at.toISOString(), r.requestId, r.action, r.actorEmail, r.role, r.platform, r.channel, r.fromState, r.toState, r.reason, r.pax8Ids.join(' ')];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The audit trail for `from <= time < to` as CSV (the `audit [from] [to]` command). */
export async function exportAuditCsv(store: Pick<Store, 'audit'>, range: { from?: Date; to?: Date }): Promise<string> {
  return auditToCsv(await store.audit.list(range));
}
