import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { channelKey, resolveCompany } from '../resolve-company.ts';
import { mayAdminister } from '../../approvals/approval-policy.ts';
import { arg, commandLine, errorView } from '../view-helpers.ts';

const w = wireIds.commands;

/** `approvals here`: admins choose the conversation approval cards are posted to, per platform. */
export const approvalsHereHandler: Handler<IntentOf<'approvalsHere'>> = {
  ack: () => 'Saving the approvals channel...',
  async run(r, deps) {
    if (!mayAdminister(deps.policy, r.actor.email)) return errorView('forbidden', 'Only admins can choose the approvals channel.', w.approvals);
    if (r.channel.isPersonal) return errorView('bad_input', 'Run "approvals here" in a channel or group chat, not a personal chat: approvers must all see the cards.', w.approvals);
    const before = await deps.store.getApprovalsChannel(r.channel.platform);
    if (before === r.channel.id) return { kind: 'notice', tone: 'info', title: 'Already the approvals channel', message: `Approval requests on ${r.channel.platform} are already posted in this conversation.` };
    await deps.store.setApprovalsChannel(r.channel.platform, r.channel.id, deps.clock.now());
    const replaces = before ? ` It replaces the conversation set before (${before}), which gets no new cards; cards already posted there stay up to date.` : '';
    return { kind: 'notice', tone: 'success', title: 'Approvals channel set', message: `Approval requests on ${r.channel.platform} will be posted in this conversation from now on.${replaces}` };
  },
};

/** `map <company>`: admins make a company the default for commands typed in this channel. */
export const mapHandler: Handler<IntentOf<'map'>> = {
  ack: () => 'Mapping this channel...',
  async run(r, deps) {
    if (!mayAdminister(deps.policy, r.actor.email)) return errorView('forbidden', 'Only admins can map a channel to a company.', w.map);
    const resolved = await resolveCompany(r, r.company, deps, w.map, (id) => commandLine(w.map, arg(id)));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    await deps.store.setChannelCompany(channelKey(r), { companyId: company.id, companyName: company.name, account: company.account }, deps.clock.now());
    return {
      kind: 'notice',
      tone: 'success',
      title: `This channel is mapped to ${company.name}`,
      message: `Commands typed here now default to ${company.name}${deps.pax8.names.length > 1 ? ` (Pax8 account ${company.account})` : ''} (e.g. "subs" or "buy <product> <qty>").`,
    };
  },
};
