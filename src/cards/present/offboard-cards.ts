import { licenceText } from '../../approvals/kinds/offboard-preview.ts';
import { money, day } from '../../views/format.ts';
import type { OffboardFormView } from '../../views/index.ts';

export interface OffboardFormData {
  title: string;
  subtitle: string;
  block: { inputId: string; title: string; value: string };
  remove: { inputId: string; title: string; value: string };
  /** One choice per licence whose seat can be released: release it or keep it. */
  seats: { inputId: string; label: string; value: string; choices: { title: string; value: string }[] }[];
  /** Every licence in words: how it goes and what happens to its seat if released. */
  notes: { text: string }[];
  hasNotes: boolean;
  problem: string;
  hasProblem: boolean;
  submit: { verb: string; command: string };
}

/** Input ids: the Slack block ids and the keys of a Teams action's data (`wireIds.slack.offboard*`). */
export interface OffboardInputIds {
  readonly block: string;
  readonly remove: string;
  readonly seatPrefix: string;
}

/**
 * The offboarding form: a toggle for sign-in (said to happen at once when the config says so), one
 * for the licences, and per licence whose seat can go a choice between releasing it (now, or at the
 * renewal with its date, and what it saves) and keeping it for a replacement.
 */
export function offboardFormData(view: OffboardFormView, ids: OffboardInputIds): OffboardFormData {
  const u = view.user;
  const seats: OffboardFormData['seats'] = [];
  const notes: OffboardFormData['notes'] = [];
  for (const l of view.licences) {
    const seat = l.seat;
    notes.push({ text: `${l.name}: ${licenceText(l, view.currency)}` });
    if (seat.action !== 'release') continue;
    const when = seat.timing.mode === 'now' ? 'now' : `at renewal on ${day(seat.timing.renewsOn)}`;
    const saves = seat.unitMonthlyCost === null ? '' : `, saves ${money(seat.unitMonthlyCost, view.currency)}/month`;
    seats.push({
      inputId: `${ids.seatPrefix}${l.skuId.toLowerCase()}`,
      label: `${l.name}: its seat on ${seat.productName} (${seat.quantity} now)`,
      value: view.chosen.seats[l.skuId.toLowerCase()] ?? 'release',
      choices: [
        { title: `Release it ${when}${saves}`, value: 'release' },
        { title: 'Keep it for a replacement', value: 'keep' },
      ],
    });
  }
  return {
    title: `Offboard ${u.displayName ?? u.upn}`,
    subtitle: [view.company.name, u.upn, u.enabled === false ? 'sign-in blocked' : u.enabled ? 'sign-in enabled' : null].filter((p): p is string => p !== null).join(' · '),
    block: {
      inputId: ids.block,
      title: view.blockAtOnce ? 'Block sign-in and revoke sessions now, before approval (reversible, costs nothing)' : 'Block sign-in and revoke sessions once approved',
      value: String(view.chosen.blockSignIn),
    },
    remove: { inputId: ids.remove, title: 'Remove the licences assigned directly, once approved', value: String(view.chosen.removeLicences) },
    seats,
    notes,
    hasNotes: notes.length > 0,
    problem: view.problem ?? '',
    hasProblem: (view.problem ?? '') !== '',
    submit: { verb: view.verb, command: view.command },
  };
}
