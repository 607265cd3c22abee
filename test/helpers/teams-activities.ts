import type { FakeTeamsMember } from '../../src/fakes/bot-connector.ts';
import { botId, sample, teamChannel, tenantId } from './teams-harness.ts';

type Json = Record<string, unknown>;
let next = 1_800_000_000_000;
const from = (m: FakeTeamsMember) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId });
const recipient = { id: botId, name: 'pax8' };

/** The real channel @mention capture, re-addressed: our bot, our service URL, the test team's channel. */
export function channelMention(serviceUrl: string, who: FakeTeamsMember, command: string, id = String((next += 1)), channel = teamChannel): Json {
  const base = sample('message-channel-mention.json');
  const entities = [{ mentioned: recipient, text: '<at>pax8</at>', type: 'mention' }];
  const conversation = { id: `${channel};messageid=${id}`, isGroup: true, conversationType: 'channel', tenantId };
  const channelData = { ...(base.channelData as Json), ...(channel === teamChannel ? {} : { channel: { id: channel } }), tenant: { id: tenantId } };
  return { ...base, id, serviceUrl, from: from(who), recipient, text: `<at>pax8</at> ${command}`, entities, conversation, channelData };
}

/** The documented personal-chat message, from `who` to our bot. */
export function personalMessage(serviceUrl: string, who: FakeTeamsMember, text: string, id = String((next += 1))): Json {
  const base = sample('message-personal-chat.json');
  const conversation = { conversationType: 'personal', id: `a:personal-${who.id}`, tenantId };
  return { ...base, id, serviceUrl, from: from(who), recipient, text, conversation, channelData: { tenant: { id: tenantId } } };
}

/** The documented "bot added to a team" conversationUpdate, for our bot. */
export function botAddedToTeam(serviceUrl: string): Json {
  const base = sample('conversationUpdate-bot-added-to-team.json');
  return { ...base, serviceUrl, recipient, membersAdded: [{ id: botId }], conversation: { ...(base.conversation as Json), tenantId } };
}

/** The real `adaptiveCard/action` capture (no `verb`: it is in `data`), clicked by `who` on message `replyToId`. */
export function cardInvoke(serviceUrl: string, who: FakeTeamsMember, conversationId: string, replyToId: string, data: Json, trigger = 'manual'): Json {
  const base = sample('invoke-adaptiveCard-action.json');
  const conversationType = conversationId.startsWith('19:') ? 'channel' : 'personal';
  return {
    ...base,
    id: `f:${(next += 1)}`,
    serviceUrl,
    from: from(who),
    recipient,
    replyToId,
    conversation: { id: conversationId, conversationType, tenantId },
    channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
    value: { action: { type: 'Action.Execute', title: 'click', data }, trigger },
  };
}
