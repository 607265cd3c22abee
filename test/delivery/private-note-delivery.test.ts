import { describe, expect, it } from 'vitest';
import type { ApprovalEvent, ApprovalListener } from '../../src/approvals/index.ts';
import type { ChatOutbox } from '../../src/delivery/chat-outbox.ts';
import { createCardDelivery } from '../../src/delivery/create-card-delivery.ts';
import { createLogger } from '../../src/log.ts';
import type { ApprovalRequest } from '../../src/store/approval-request.ts';
import type { Store } from '../../src/store/index.ts';
import { createManualClock } from '../../src/util/clock.ts';
import type { View } from '../../src/views/index.ts';

const request = {
  id: 'req-1',
  requester: { email: 'rita@msp.example', platform: 'slack', userId: 'U_RITA', displayName: 'Rita' },
} as unknown as ApprovalRequest;

function outbox(platform: string, failNotify = false) {
  const sent: { op: string; to: string; view: View }[] = [];
  const box: ChatOutbox = {
    platform,
    post: (conversationId, view) => (sent.push({ op: 'post', to: conversationId, view }), Promise.resolve('m1')),
    update: (message, view) => (sent.push({ op: 'update', to: message.conversationId, view }), Promise.resolve()),
    notify: (recipient, view) => (failNotify ? Promise.reject(new Error(`could not send ${JSON.stringify(view)}`)) : (sent.push({ op: 'notify', to: recipient.userId, view }), Promise.resolve())),
  };
  return { box, sent };
}

/** A private note (a temporary password) goes to the requester's DM only: no card, no channel, no log line. */
describe('card delivery: private notes', () => {
  function deliver(failNotify: boolean) {
    const listeners = new Set<ApprovalListener>();
    const slack = outbox('slack', failNotify);
    const teams = outbox('teams');
    const lines: string[] = [];
    const log = createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream });
    const delivery = createCardDelivery({
      engine: { on: (l) => (listeners.add(l), () => listeners.delete(l)), get: () => Promise.resolve(request) },
      store: { chatRefs: { messagesFor: () => Promise.resolve([]), addMessage: () => Promise.resolve() } } as unknown as Pick<Store, 'chatRefs'>,
      outboxes: [slack.box, teams.box],
      configuredChannels: { slack: 'C0APPROVALS', teams: '19:approvals' },
      clock: createManualClock('2026-03-02T09:00:00Z'),
      log,
    });
    const event: ApprovalEvent = { type: 'private', request, title: 'Temporary password for jane@contoso.com', text: 'the password is Zq7!secret-pw' };
    for (const l of listeners) l(event);
    return { delivery, slack, teams, lines };
  }

  it('sends it to the requester on their platform, nowhere else', async () => {
    const { delivery, slack, teams } = deliver(false);
    await delivery.idle();
    expect(slack.sent).toEqual([{ op: 'notify', to: 'U_RITA', view: { kind: 'notice', tone: 'info', title: 'Temporary password for jane@contoso.com', message: 'the password is Zq7!secret-pw' } }]);
    expect(teams.sent).toEqual([]);
  });

  it('a failed send is logged without the text', async () => {
    const { delivery, slack, lines } = deliver(true);
    await delivery.idle();
    expect(slack.sent).toEqual([]);
    expect(lines.join('\n')).toContain('could not send a private message to the requester');
    expect(lines.join('\n')).not.toContain('Zq7!secret-pw');
  });
});
