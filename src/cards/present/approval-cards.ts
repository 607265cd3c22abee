/** Presenters of the approval-related views besides the approval card itself. */
import type { ApprovalResultView, AuditListView, DetailsFormView, RequestListView, SeatsFormView } from '../../views/index.ts';
import { type ApprovalCardData, type Viewer, approvalCardData } from './approval-card-data.ts';
import { dateTime, day, moneyDelta, seats, shortId, text } from '../../views/format.ts';
import type { ActionRowData, RowData } from './list-cards.ts';
import { type ListData, listData, rowButtons } from './list-data.ts';

export interface ApprovalResultData {
  message: string;
  color: 'good' | 'attention' | 'warning' | 'accent';
  hasRequest: boolean;
  request: ApprovalCardData;
}

const outcomeColors = { approved: 'good', denied: 'attention', cancelled: 'warning', withdrawn: 'warning', resumed: 'good', awaiting_second_approver: 'accent', refused: 'attention' } as const;

const noRequest: ApprovalCardData = {
  title: '', state: { label: '', color: 'default' }, requestLine: '', facts: [], commitment: '',
  hasDryRun: false, dryRun: { ok: true, text: '' }, warnings: [], hasWarnings: false, canAct: false, canDeny: false, buttons: [],
};

/** The answer to a click: what happened, and the request as it now stands (with the viewer's buttons). */
export function approvalResultData(view: ApprovalResultView, viewer: Viewer): ApprovalResultData {
  return {
    message: view.message,
    color: outcomeColors[view.outcome],
    hasRequest: view.request !== null,
    request: view.request ? approvalCardData(view.request, viewer) : noRequest,
  };
}

const filterTitles = { mine: 'My requests', pending: 'Requests waiting for approval', all: 'Requests' } as const;

export function requestListData(view: RequestListView): ListData<ActionRowData> {
  const rows = view.items.map((r) => ({
    title: r.summary,
    detail: [r.state, r.requestKind, text(r.requesterName ?? r.requesterEmail), day(r.createdAt), `request ${shortId(r.id)}`].join(' · '),
    figure: `${moneyDelta(r.monthlyCostDelta, null)} / month`,
    ...rowButtons(r.actions),
  }));
  return listData(filterTitles[view.filter], rows, view.paging, { noun: 'requests', emptyText: 'No requests.' });
}

export function auditListData(view: AuditListView): ListData<RowData> {
  const rows = view.items.map((e) => ({
    title: `${dateTime(e.at)} · ${e.action}`,
    detail: [
      e.actorEmail ? `${e.actorEmail}${e.role ? ` (${e.role})` : ''}` : 'system',
      e.platform,
      e.fromState || e.toState ? `${text(e.fromState)} → ${text(e.toState)}` : null,
      e.requestId ? `request ${e.requestId}` : null,
    ].filter(Boolean).join(' · '),
    figure: e.reason ? `“${e.reason}”` : '',
  }));
  const range = view.from || view.to ? `${day(view.from)} to ${day(view.to)}` : 'all time';
  return listData('Audit log', rows, view.paging, { noun: 'entries', emptyText: 'Nothing recorded in this period.', subtitle: range });
}

export interface DetailsFormData {
  title: string;
  subtitle: string;
  fields: {
    inputId: string;
    label: string;
    help: string;
    value: string;
    isChoice: boolean;
    isDate: boolean;
    isText: boolean;
    /** Required unless it applies only for some answer of another field. */
    isRequired: boolean;
    /** Said by Teams when a required field is left empty. */
    errorMessage: string;
    /** The field's description under a choice (a text input shows it as its placeholder), e.g. the free seats of each licence. */
    note: string;
    hasNote: boolean;
    /** Why it is asked again, shown under the field; empty on first asking. */
    problem: string;
    hasProblem: boolean;
    choices: { title: string; value: string }[];
  }[];
  submit: { verb: string; command: string };
}

/** `inputPrefix` is the wire prefix of detail inputs (`wireIds.slack.detailsBlockPrefix`). */
export function detailsFormData(view: DetailsFormView, inputPrefix: string): DetailsFormData {
  const needed = view.product ? 'is needed to order' : 'is needed';
  return {
    title: view.title ?? `Details needed to order ${view.product?.name ?? ''}`,
    subtitle: view.subtitle ?? `${view.quantity ?? ''} for ${view.company.name}`,
    fields: view.fields.map((f) => {
      const isChoice = f.possibleValues.length > 0;
      const isDate = !isChoice && f.input === 'date';
      const label = f.appliesWhen ? `${f.label} (only ${f.appliesWhen})` : f.label;
      const note = isChoice ? (f.description ?? '') : '';
      return {
        inputId: `${inputPrefix}${f.key}`,
        label,
        help: f.description ?? (f.expected === 'text' ? '' : f.expected),
        value: isDate && !/^\d{4}-\d{2}-\d{2}$/.test(f.value ?? '') ? '' : (f.value ?? ''),
        isChoice,
        isDate,
        isText: !isChoice && !isDate,
        isRequired: f.appliesWhen === null && !f.optional,
        errorMessage: `${label} ${needed}`,
        note,
        hasNote: note !== '',
        problem: f.problem ?? '',
        hasProblem: (f.problem ?? '') !== '',
        choices: f.possibleValues.map((v) => ({ title: v, value: v })),
      };
    }),
    submit: { verb: view.verb, command: view.command },
  };
}

export interface SeatsFormData {
  title: string;
  subtitle: string;
  inputId: string;
  /** What the number input shows: a whole number typed before, else today's seats. */
  value: number;
  problem: string;
  hasProblem: boolean;
  submit: { verb: string; command: string };
}

/**
 * The seats form: today's seats and what else tells the subscription apart, one number input,
 * and the refusal of the last answer under it. `inputId` is the wire id of that input
 * (`wireIds.slack.seatsInput`): the Slack block id, and the key of the number in a Teams action.
 */
export function seatsFormData(view: SeatsFormView, inputId: string): SeatsFormData {
  const s = view.subscription;
  const typed = view.value !== null && /^\d{1,6}$/.test(view.value.trim()) ? Number(view.value.trim()) : undefined;
  const ends = s.commitmentEndDate ? `${text(s.commitmentTerm)} commitment ends ${day(s.commitmentEndDate)}` : s.commitmentTerm;
  return {
    title: `Change the seats of ${s.productName}`,
    subtitle: [view.company?.name, `${seats(s.quantity)} now`, s.billingTerm, ends, `id ${shortId(s.id)}`].filter((p): p is string => typeof p === 'string' && p !== '').join(' · '),
    inputId,
    value: typed !== undefined && typed >= 1 ? typed : s.quantity,
    problem: view.problem ?? '',
    hasProblem: (view.problem ?? '') !== '',
    submit: { verb: view.verb, command: view.command },
  };
}
