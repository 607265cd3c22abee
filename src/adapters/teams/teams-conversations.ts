import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Store } from '../../store/index.ts';
import type { Clock } from '../../util/clock.ts';
import { createTtlCache } from '../../util/ttl-cache.ts';

const platform = 'teams';
/** References remembered as written, and for how long (see `put`). */
const refsKept = 10_000;
const rewriteAfterMs = 5 * 60_000;

/** What is kept of a ConversationReference: enough for `continueConversationAsync`, checked when read back. */
const referenceSchema = z
  .object({
    serviceUrl: z.string().min(1),
    channelId: z.string().min(1),
    bot: z.object({ id: z.string().min(1), name: z.string().default('') }),
    conversation: z.object({
      id: z.string().min(1),
      isGroup: z.boolean().default(false),
      conversationType: z.string().default(''),
      name: z.string().default(''),
      tenantId: z.string().optional(),
    }),
  })
  .transform(({ conversation: { tenantId, ...conversation }, ...r }): ConversationReference => ({
    ...r,
    conversation: { ...conversation, ...(tenantId ? { tenantId } : {}) },
  }));

/**
 * The part of a reference that {@link referenceSchema} reads back. The rest (the activity id, the
 * sender, the locale) changes with every activity and is not needed to post in the conversation.
 */
function keptOf(r: Partial<ConversationReference>) {
  const c = r.conversation;
  return {
    serviceUrl: r.serviceUrl,
    channelId: r.channelId,
    bot: { id: r.bot?.id, name: r.bot?.name ?? '' },
    conversation: { id: c?.id, isGroup: c?.isGroup ?? false, conversationType: c?.conversationType ?? '', name: c?.name ?? '', ...(c?.tenantId ? { tenantId: c.tenantId } : {}) },
  };
}

/** Where the bot can start a conversation from nothing (a personal chat): service, tenant and its own id. */
const serviceSchema = z.object({ serviceUrl: z.string().min(1), tenantId: z.string().optional(), botId: z.string().min(1) });
export type TeamsService = z.infer<typeof serviceSchema>;

const memberSchema = z.object({ userId: z.string().min(1), aadObjectId: z.string().optional() });

/**
 * A channel message's conversation id names the thread (`19:…@thread.tacv2;messageid=…`); the
 * channel is the part before `;`. Approval cards go to the channel, and `map`/`approvals here`
 * apply to the channel, not the thread.
 */
export function channelIdOf(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/**
 * Conversation references and member ids in the store (`conversation_refs`, platform `teams`), so
 * that proactive posts and updates work after a restart and from any replica.
 */
export function createTeamsConversations(store: Pick<Store, 'chatRefs'>, clock: Clock) {
  // Every activity names its conversation, service and sender again: a value this process wrote a
  // moment ago is not written again (a database write per activity was most of a turn's cost). A
  // changed value is written at once; an unchanged one again after a while, in case another
  // replica wrote something else meanwhile.
  const written = createTtlCache<string, string>({ max: refsKept, ttlMs: rewriteAfterMs });
  const put = async (key: string, value: unknown): Promise<void> => {
    const json = JSON.stringify(value);
    if (written.get(key) === json) return;
    await store.chatRefs.putConversation(platform, key, value, clock.now());
    written.set(key, json);
  };
  const get = async <T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> => {
    const parsed = schema.safeParse(await store.chatRefs.getConversation(platform, key));
    return parsed.success ? parsed.data : undefined;
  };
  return {
    /** Keeps the reference of the conversation an activity came from, and of its channel when it is a thread. */
    async remember(activity: Partial<Activity>): Promise<void> {
      const reference = TurnContext.getConversationReference(activity);
      const id = reference.conversation?.id;
      if (!id || !reference.serviceUrl || !reference.bot?.id) return;
      const kept = keptOf(reference);
      await put(`conversation:${id}`, kept);
      const channel = channelIdOf(id);
      if (channel !== id) await put(`conversation:${channel}`, { ...kept, conversation: { ...kept.conversation, id: channel } });
      if (reference.conversation?.conversationType === 'personal' && activity.from?.id) await put(`personal:${activity.from.id}`, { conversationId: id });
      const tenantId = reference.conversation?.tenantId;
      await put('service', { serviceUrl: reference.serviceUrl, botId: reference.bot.id, ...(tenantId ? { tenantId } : {}) });
    },
    async reference(conversationId: string): Promise<ConversationReference | undefined> {
      return get(`conversation:${conversationId}`, referenceSchema);
    },
    service: () => get('service', serviceSchema),
    rememberPersonalChat: (userId: string, conversationId: string) => put(`personal:${userId}`, { conversationId }),
    personalChat: (userId: string) => get(`personal:${userId}`, z.object({ conversationId: z.string().min(1) })),
    /**
     * E-mail (or UPN) → Teams user id, so approval cards can name approvers in `refresh.userIds`;
     * the e-mail it was kept under, if the member has one.
     */
    async rememberMember(member: TeamsMember): Promise<string | undefined> {
      const email = member.email ?? member.userPrincipalName;
      if (email) await put(`member:${email.toLowerCase()}`, { userId: member.id, ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}) });
      return email;
    },
    member: (email: string) => get(`member:${email.toLowerCase()}`, memberSchema),
  };
}

/** The fields of a `TeamsChannelAccount` the bot keeps. */
export interface TeamsMember {
  readonly id: string;
  readonly email?: string | undefined;
  readonly userPrincipalName?: string | undefined;
  readonly aadObjectId?: string | undefined;
}

export type TeamsConversations = ReturnType<typeof createTeamsConversations>;
