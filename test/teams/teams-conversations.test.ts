/**
 * What the bot keeps of Teams conversations (`conversation_refs`), on PGlite: enough to post and
 * update cards after a restart, nothing that changes with each activity (its id, the sender, the
 * locale), and no database write for an activity that says nothing new.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsConversations } from '../../src/adapters/teams/teams-conversations.ts';
import { createSilentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { systemClock } from '../../src/util/clock.ts';

const serviceUrl = 'https://smba.trafficmanager.net/amer/';
const tenantId = '50612dbb-0237-4969-b378-8d42590f9c00';
const channelThread = '19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2;messageid=1700000000001';

function activity(id: string, from: string, conversation: Record<string, unknown>): Partial<Activity> {
  return {
    type: 'message',
    id,
    serviceUrl,
    channelId: 'msteams',
    locale: 'en-US',
    from: { id: from, name: `Person ${from}` },
    recipient: { id: '28:bot', name: 'pax8' },
    conversation: { tenantId, ...conversation } as Activity['conversation'],
  };
}

describe('Teams conversation references in the store', () => {
  let store: Store;
  let writes = 0;
  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'teams-conv-')), log: createSilentLogger() });
    const put = store.chatRefs.putConversation.bind(store.chatRefs);
    store.chatRefs.putConversation = (...args) => {
      writes += 1;
      return put(...args);
    };
  });
  afterAll(() => store.close());

  it('keeps a channel thread, its channel and the service, without the activity id, the sender or the locale', async () => {
    const conversations = createTeamsConversations(store, systemClock);
    await conversations.remember(activity('1700000000999', '29:ann', { id: channelThread, isGroup: true, conversationType: 'channel' }));
    const thread = await conversations.reference(channelThread);
    const channel = await conversations.reference(channelThread.split(';')[0] ?? '');
    expect(thread).toEqual({ serviceUrl, channelId: 'msteams', bot: { id: '28:bot', name: 'pax8' }, conversation: { id: channelThread, isGroup: true, conversationType: 'channel', name: '', tenantId } });
    expect(channel?.conversation.id).toBe('19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2');
    const raw = JSON.stringify(await store.chatRefs.getConversation('teams', `conversation:${channelThread}`));
    for (const changing of ['1700000000999', '29:ann', 'Person', 'en-US']) expect(raw).not.toContain(changing);
    expect(await conversations.service()).toEqual({ serviceUrl, botId: '28:bot', tenantId });
  });

  it('writes nothing for the next activities of the same conversations, and at once when something changed', async () => {
    const conversations = createTeamsConversations(store, systemClock);
    const personal = { id: 'a:personal-ann', conversationType: 'personal' };
    await conversations.remember(activity('1', '29:ann', personal));
    const after = writes;
    for (let n = 2; n < 12; n += 1) await conversations.remember(activity(String(n), '29:ann', personal));
    expect(writes).toBe(after);
    expect(await conversations.personalChat('29:ann')).toEqual({ conversationId: 'a:personal-ann' });

    // Teams moved the tenant to another service URL: written, and read back.
    await conversations.remember({ ...activity('12', '29:ann', personal), serviceUrl: 'https://smba.trafficmanager.net/emea/' });
    expect(writes).toBeGreaterThan(after);
    expect((await conversations.reference('a:personal-ann'))?.serviceUrl).toBe('https://smba.trafficmanager.net/emea/');
    expect((await conversations.service())?.serviceUrl).toBe('https://smba.trafficmanager.net/emea/');
  });
});
