import type { ConversationParameters, ConversationReference } from 'botbuilder';
import type { ChatOutbox } from '../../delivery/chat-outbox.ts';
import type { TeamsTurnDeps } from './teams-turn-deps.ts';

export type TeamsOutboxDeps = Pick<TeamsTurnDeps, 'conversations' | 'renderer' | 'continueIn' | 'personalChat'>;

export interface PersonalChatDeps extends Pick<TeamsTurnDeps, 'conversations'> {
  /** Opens a 1:1 chat with a user (`createConversationAsync`) and runs `logic` in it. */
  createConversation(serviceUrl: string, parameters: ConversationParameters, logic: Parameters<TeamsTurnDeps['continueIn']>[1]): Promise<void>;
}

/**
 * The reference of a user's personal chat with the bot, opened on first use and remembered in the
 * store: where private notices and the answers to commands typed in the approvals channel go.
 */
export function createPersonalChats(deps: PersonalChatDeps): (userId: string) => Promise<ConversationReference> {
  return async (userId) => {
    const known = await deps.conversations.personalChat(userId);
    const knownReference = known ? await deps.conversations.reference(known.conversationId) : undefined;
    if (knownReference) return knownReference;
    const service = await deps.conversations.service();
    if (!service) throw new Error('Teams has not sent the bot anything yet, so it cannot open a personal chat');
    let reference: ConversationReference | undefined;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: service.botId, name: '' },
      members: [{ id: userId, name: '' }],
      channelData: service.tenantId ? { tenant: { id: service.tenantId } } : {},
      ...(service.tenantId ? { tenantId: service.tenantId } : {}),
    };
    await deps.createConversation(service.serviceUrl, parameters, async (context) => {
      await deps.conversations.remember(context.activity);
      await deps.conversations.rememberPersonalChat(userId, context.activity.conversation.id);
      reference = await deps.conversations.reference(context.activity.conversation.id);
    });
    if (!reference) throw new Error(`could not open a personal chat with ${userId}`);
    return reference;
  };
}

/**
 * Messages the bot sends on its own: approval cards in the approvals channel, their updates, and
 * private notices. Everything it needs to reach a conversation comes from the store, so an update
 * works after a restart and from another replica. A configured channel the bot has not seen yet is
 * reached through the service address of any conversation it has seen.
 */
export function createTeamsOutbox(deps: TeamsOutboxDeps): ChatOutbox {
  async function referenceFor(conversationId: string): Promise<ConversationReference> {
    const stored = await deps.conversations.reference(conversationId);
    if (stored) return stored;
    const service = await deps.conversations.service();
    if (!service) throw new Error(`no Teams conversation reference for ${conversationId}: install the app in the team or type "approvals here" there`);
    const conversation = { id: conversationId, isGroup: true, conversationType: 'channel', name: '', ...(service.tenantId ? { tenantId: service.tenantId } : {}) };
    return { serviceUrl: service.serviceUrl, channelId: 'msteams', bot: { id: service.botId, name: '' }, conversation };
  }

  async function postIn(reference: ConversationReference, view: Parameters<ChatOutbox['post']>[1]): Promise<string> {
    const activity = await deps.renderer.activityFor(view);
    let id: string | undefined;
    await deps.continueIn(reference, async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    if (!id) throw new Error('Teams did not return the id of the posted message');
    return id;
  }

  return {
    platform: 'teams',
    post: async (conversationId, view) => postIn(await referenceFor(conversationId), view),
    async update(message, view) {
      const reference = await referenceFor(message.conversationId);
      const activity = { ...(await deps.renderer.activityFor(view)), id: message.messageId };
      await deps.continueIn(reference, async (context) => {
        await context.updateActivity(activity);
      });
    },
    async notify(recipient, view) {
      await postIn(await deps.personalChat(recipient.userId), view);
    },
  };
}
