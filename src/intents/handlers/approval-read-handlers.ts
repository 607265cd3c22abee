import { personName, type RequestState } from '../../store/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { approvalCard } from '../approval-card.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { mayReadAudit } from '../../approvals/approval-policy.ts';
import { auditToCsv } from '../../approvals/audit-csv.ts';
import { requestActions } from '../row-actions.ts';
import { commandLine, errorView, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;
const maxRows = 1000;

/** `requests [mine|pending|all]`: newest first. */
export const requestsHandler: Handler<IntentOf<'requests'>> = {
  ack: () => 'Reading requests...',
  async run(r, deps) {
    const email = r.actor.email?.toLowerCase();
    if (r.filter === 'mine' && !email) return errorView('forbidden', 'Your chat account has no e-mail address, so your requests cannot be found.', w.requests);
    const states: RequestState[] | undefined = r.filter === 'pending' ? ['pending'] : undefined;
    const rows = await deps.approvals.list({ limit: maxRows, ...(states ? { states } : {}), ...(r.filter === 'mine' && email ? { requesterEmail: email } : {}) });
    const { items, paging } = pageOf(rows, r.page, deps.policy.pageSize, commandLine(w.requests, r.filter), rows.length >= maxRows);
    return {
      kind: 'requestList',
      filter: r.filter,
      items: items.map((q) => ({
        id: q.id,
        requestKind: q.kind,
        state: q.state,
        summary: q.summary,
        requesterEmail: q.requester.email || null,
        requesterName: personName(q, q.requester.email),
        createdAt: q.createdAt.toISOString(),
        monthlyCostDelta: q.monthlyCostDelta,
        actions: requestActions(q, r, deps.policy),
      })),
      paging,
    };
  },
};

/** Shortest id prefix `request` takes: what list rows show. */
const shortestPrefix = 8;

/**
 * `request <id>`: one request's approval card, for a list row's Show card or typed with the id a row
 * shows (its first 8 characters). Adapters post it as a copy of the card, kept up to date, with the
 * buttons of the person who asked.
 */
export const requestHandler: Handler<IntentOf<'request'>> = {
  ack: () => 'Reading the request...',
  async run(r, deps) {
    const typed = r.requestId.trim();
    const shown = typed.length > 40 ? `${typed.slice(0, 40)}...` : typed;
    const exact = await deps.approvals.get(typed);
    if (exact) return { kind: 'approvalRequest', request: approvalCard(exact) };
    if (typed.length < shortestPrefix) return errorView('bad_input', `"${shown}" is too short: give the request id, or at least its first ${shortestPrefix} characters.`, w.request);
    const prefix = typed.toLowerCase();
    const found = (await deps.approvals.list({ limit: maxRows })).filter((q) => q.id.toLowerCase().startsWith(prefix));
    const [only, other] = found;
    if (only && !other) return { kind: 'approvalRequest', request: approvalCard(only) };
    if (other) return errorView('bad_input', `Several requests start with ${shown}; give more of the id.`, w.request);
    return errorView('not_found', `No request has the id ${shown}.`, w.request);
  },
};

/** `audit [from] [to]`: approvers and admins only; newest first. */
export const auditHandler: Handler<IntentOf<'audit'>> = {
  ack: () => 'Reading the audit log...',
  async run(r, deps) {
    if (!mayReadAudit(deps.policy, r.actor.email)) return errorView('forbidden', 'Only approvers and admins can read the audit log.', null);
    const rows = await deps.approvals.audit({ ...(r.from ? { from: new Date(r.from) } : {}), ...(r.to ? { to: new Date(r.to) } : {}) });
    if (r.csv) {
      if (!deps.files) return errorView('refused', 'Downloads are not set up on this bot, so the audit log cannot be exported here; use the CLI.', null);
      const span = `${r.from?.slice(0, 10) ?? 'start'} to ${r.to?.slice(0, 10) ?? 'now'}`;
      const download = await deps.files.save({ name: `audit-${span.replace(/ to /, '-')}.csv`, content: auditToCsv(rows), rows: rows.length });
      return { kind: 'fileExport', title: `Audit log ${span}`, message: `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'} as CSV.`, download };
    }
    const newest = [...rows].reverse();
    const command = commandLine(w.audit, r.from?.slice(0, 10), r.to?.slice(0, 10));
    const { items, paging } = pageOf(newest, r.page, deps.policy.pageSize, command);
    return {
      kind: 'auditList',
      from: r.from,
      to: r.to,
      items: items.map((a) => ({
        at: a.at.toISOString(),
        action: a.action,
        requestId: a.requestId ?? null,
        actorEmail: a.actorEmail ?? null,
        role: a.role ?? null,
        platform: a.platform ?? null,
        fromState: a.fromState ?? null,
        toState: a.toState ?? null,
        reason: a.reason ?? null,
      })),
      paging,
    };
  },
};
