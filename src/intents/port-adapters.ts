import type { ApprovalsEngine } from '../approvals/index.ts';
import type { Store } from '../store/index.ts';
import type { ApprovalsPort } from './approvals-port.ts';
import type { IntentStore } from './ports.ts';

/**
 * Where `approvals here` records the approvals conversation: `conversation_refs` under this key,
 * per platform, with `{ conversationId }` as the reference. Whoever posts approval cards reads it
 * (and falls back to the config file's `slack.approvalsChannel` / `teams.approvalsConversationId`).
 */
export const approvalsChannelKey = 'approvals-channel';

/** The approvals conversation `approvals here` recorded for a platform, if any. */
export async function storedApprovalsChannel(chatRefs: Store['chatRefs'], platform: string): Promise<string | undefined> {
  const stored = await chatRefs.getConversation(platform, approvalsChannelKey);
  const id = typeof stored === 'object' && stored !== null && 'conversationId' in stored ? stored.conversationId : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The store's tables as the narrow port the intent layer uses. */
export function intentStoreFrom(store: Pick<Store, 'channelCompanies' | 'chatRefs' | 'licenceFindings' | 'transaction'>): IntentStore {
  return {
    async getChannelCompany(channel) {
      const row = await store.channelCompanies.get(channel);
      return row ? { companyId: row.companyId, companyName: row.companyName ?? null, account: row.account ?? null } : undefined;
    },
    setChannelCompany: (channel, company, at) => store.channelCompanies.set({ channel, companyId: company.companyId, companyName: company.companyName, account: company.account }, at),
    getApprovalsChannel: (platform) => storedApprovalsChannel(store.chatRefs, platform),
    setApprovalsChannel: (platform, conversationId, at) => store.chatRefs.putConversation(platform, approvalsChannelKey, { conversationId }, at),
    licenceIgnores: async () => (await store.licenceFindings.ignores()).map((i) => ({ company: i.companyId, sku: i.sku })),
    ignoreLicence: (entry, by, at) =>
      store.transaction(async (tables) => {
        const added = await tables.licenceFindings.ignore({ companyId: entry.companyId, companyName: entry.companyName, sku: entry.sku, setBy: by.email }, at);
        if (added) {
          await tables.audit.append({ at, action: 'ignore_licence_finding', actorEmail: by.email, role: by.role, platform: by.platform, channel: by.channel, reason: `${entry.companyName} (${entry.companyId}): ${entry.sku}` });
        }
        return added;
      }),
  };
}

/** The engine plus the audit table as the approvals port. */
export function approvalsPortFrom(engine: ApprovalsEngine, store: Pick<Store, 'audit'>): ApprovalsPort {
  return {
    submit: (input) => engine.submit(input),
    approve: (input) => engine.approve(input),
    deny: (input) => engine.deny(input),
    cancel: (input) => engine.cancel(input),
    withdraw: (input) => engine.withdraw(input),
    resume: (input) => engine.resume(input),
    newPassword: (input) => engine.newPassword(input),
    get: (id) => engine.get(id),
    list: (filter) => engine.list(filter),
    audit: (range) => store.audit.list(range),
  };
}
