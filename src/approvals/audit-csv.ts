import type { AuditRecord } from '../store/audit-store.ts';
import type { Store } from '../store/open-store.ts';
import { csvCell, toCsv } from '../util/csv.ts';

export { csvCell };

const columns = ['time', 'request_id', 'action', 'actor', 'role', 'platform', 'channel', 'from_state', 'to_state', 'reason', 'pax8_ids'] as const;

/** Audit records as CSV, header first, CRLF line ends. */
export function auditToCsv(records: readonly AuditRecord[]): string {
  return toCsv(columns, records.map((r) => [r.at.toISOString(), r.requestId, r.action, r.actorEmail, r.role, r.platform, r.channel, r.fromState, r.toState, r.reason, r.pax8Ids.join(' ')]));
}

/** The audit trail for `from <= time < to` as CSV (the `audit [from] [to]` command). */
export async function exportAuditCsv(store: Pick<Store, 'audit'>, range: { from?: Date; to?: Date }): Promise<string> {
  return auditToCsv(await store.audit.list(range));
}
