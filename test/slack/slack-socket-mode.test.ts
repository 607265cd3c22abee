import { WebSocket } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../src/adapters/slack/index.ts';
import { loadConfig } from '../../src/config.ts';
import { startFakeSlackWebApi } from '../../src/fakes/slack-web-api.ts';
import { createSilentLogger } from '../../src/log.ts';
import { appToken, approvalsChannel, botToken, eventually, type InputBlock, msDetails, slackPeople, typedValue } from '../helpers/slack-harness.ts';
import { sampleJson } from '../helpers/slack-requests.ts';
import { type SlackSocketBotHarness, startSlackSocketBot } from '../helpers/slack-socket-harness.ts';

const { tech, ann, bob } = slackPeople;
const buyText = (seats: number) => `buy cedar dental "Exchange Online (Plan 1)" ${seats} monthly ${msDetails}`;
const requestIdOf = (blocks: unknown[]) => /Request (\S+) ·/.exec(JSON.stringify(blocks))?.[1] ?? '';

describe('Slack over Socket Mode, whole bot against the fake Slack', () => {
  let h: SlackSocketBotHarness;
  beforeAll(async () => {
    h = await startSlackSocketBot();
  });
  afterAll(() => h.close());

  /** The private answers `user` has in `channel` (each command below is typed in a channel of its own). */
  const answersIn = (channel: string, user = tech.id) => h.fake.messages(channel).filter((m) => m.visibleTo === user);

  it('connects with the app-level token over two connections, each opened with its own apps.connections.open', async () => {
    const opens = h.fake.callsOf('apps.connections.open');
    expect(opens.map((c) => c.response['ok'])).toEqual([true, true]);
    expect(h.openConnections()).toBe(2);
    // No HTTP door: in Socket Mode nothing is served at /slack/events.
    expect((await fetch(`${h.bot.url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('a slash command is acknowledged in its envelope and answered through its response_url, once', async () => {
    const delivery = await h.command(tech.id, 'help', 'C0SOCKHELP');
    expect(delivery).toMatchObject({ outcome: 'acked', acks: 1, ackPayload: undefined });
    const answer = await eventually(() => answersIn('C0SOCKHELP')[0], 'the answer');
    expect(JSON.stringify(answer)).toMatch(/companies/);
    await h.bot.delivery.idle();
    expect(answersIn('C0SOCKHELP')).toHaveLength(1);
  });

  it('buy → card → Approve clicked over the socket → one write; the click delivered again changes nothing', async () => {
    const writesBefore = (await h.writes()).length;
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, buyText(3))).outcome).toBe('acked');
    const card = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card in the approvals channel');
    const requestId = requestIdOf(card.blocks);
    const click = h.clickPayload(ann.id, approvalsChannel, card, 'approve');
    const first = await h.socket.send('interactive', click);
    expect(first).toMatchObject({ outcome: 'acked', ackPayload: undefined });
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'succeeded', 'the order to succeed');
    const again = await h.socket.send('interactive', click, { envelopeId: first.envelopeId ?? '', retryAttempt: 1, retryReason: 'timeout' });
    expect(again.outcome).toBe('acked');
    await eventually(() => h.logLines.some((line) => line.includes('dropped a repeated click')), 'the repeated click dropped');
    await h.bot.delivery.idle();
    expect((await h.writes()).length - writesBefore).toBe(1);
    expect((await h.bot.store.audit.list({ requestId })).filter((a) => a.toState === 'approved')).toHaveLength(1);
    expect(h.fake.messages(approvalsChannel).find((m) => m.ts === card.ts)?.text).toMatch(/Done in Pax8/);
  });

  it('the same command envelope delivered twice (retry_attempt 1) opens one request and posts one card', async () => {
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    const payload = h.commandPayload(tech.id, buyText(6));
    const first = await h.socket.send('slash_commands', payload);
    const again = await h.socket.send('slash_commands', payload, { envelopeId: first.envelopeId ?? '', retryAttempt: 1, retryReason: 'timeout' });
    // Slack hands each delivery to a connection in turn: the repeat came over the other one.
    expect([first.outcome, again.outcome]).toEqual(['acked', 'acked']);
    expect(again.connection).not.toBe(first.connection);
    await eventually(() => h.logLines.some((line) => line.includes('dropped a repeated slash command')), 'the repeat dropped');
    await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card');
    await h.bot.delivery.idle();
    expect(h.fake.messages(approvalsChannel)).toHaveLength(approvalsBefore + 1);
    const pending = await h.bot.approvals.list({ states: ['pending'], limit: 100 });
    expect(pending.filter((r) => / 6 /.test(r.summary))).toHaveLength(1);
  });

  it('a modal submission with missing or refused answers is answered in its ack (response_action: errors); the corrected one opens the request', async () => {
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, 'buy cedar dental "Exchange Online (Plan 1)" 5 monthly', 'C0SOCKFORM')).outcome).toBe('acked');
    const form = await eventually(() => answersIn('C0SOCKFORM').find((m) => /Details needed/.test(m.text)), 'the details form');
    const opensBefore = h.fake.callsOf('views.open').length;
    expect((await h.click(tech.id, 'C0SOCKFORM', form, 'submit_details')).outcome).toBe('acked');
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the details modal');
    const view = JSON.parse(String(opened.args['view'])) as { blocks: (InputBlock & { type: string })[] };
    const inputs = view.blocks.filter((b) => b.type === 'input');
    const typed = Object.fromEntries(msDetails.split(' ').map((pair) => pair.split('=') as [string, string]));
    const values = (overrides: Record<string, string>) =>
      Object.fromEntries(inputs.map((b) => [b.block_id ?? '', { [b.block_id ?? '']: typedValue(b, { ...typed, ...overrides }) }]));

    const refused = await h.submitView(tech.id, view, values({ mca2020Email: 'cara@' }));
    expect(refused).toMatchObject({ outcome: 'acked', ackPayload: { response_action: 'errors', errors: { detail__mca2020Email: '"cara@" is not an e-mail address' } } });
    expect(h.fake.messages(approvalsChannel)).toHaveLength(approvalsBefore);

    const accepted = await h.submitView(tech.id, view, values({}));
    expect(accepted).toMatchObject({ outcome: 'acked', ackPayload: undefined });
    const card = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the approval card');
    expect(card.text).toMatch(/5 [x×] Exchange Online/);
  });

  it('Deny with a blank reason keeps the modal open with the error in the ack; a reason denies the request', async () => {
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    await h.command(tech.id, buyText(4));
    const card = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the card');
    const requestId = requestIdOf(card.blocks);
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(bob.id, approvalsChannel, card, 'deny');
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the deny modal');
    const view = JSON.parse(String(opened.args['view'])) as Record<string, unknown>;
    const reason = (value: string) => ({ reason_input: { reason_input: { type: 'plain_text_input', value } } });
    expect((await h.submitView(bob.id, view, reason(' '))).ackPayload).toMatchObject({ response_action: 'errors', errors: { reason_input: expect.any(String) } });
    expect((await h.bot.approvals.get(requestId))?.state).toBe('pending');
    expect((await h.submitView(bob.id, view, reason('Not this month'))).ackPayload).toBeUndefined();
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'denied', 'the denial');
  });

  it('a refresh (disconnect: refresh_requested) loses no command: one typed meanwhile goes over the other connection, the closed one is reopened with a new apps.connections.open, and every command is answered once', async () => {
    const opensBefore = h.fake.callsOf('apps.connections.open').length;
    const refreshed = h.socket.connections.find((c) => c.state === 'open');
    if (!refreshed) throw new Error('no open connection');
    h.socket.disconnect('refresh_requested', refreshed.id);
    const during = await h.command(tech.id, 'help', 'C0SOCKDURING');
    expect(during.outcome).toBe('acked');
    expect(during.connection).not.toBe(refreshed.id);
    await eventually(() => h.fake.callsOf('apps.connections.open').length > opensBefore && h.openConnections() === 2, 'the connection reopened');
    expect(refreshed.state).toBe('closed');
    const reopened = h.socket.connections.at(-1);
    // Two more commands: Slack's turn-taking sends one of them over the reopened connection.
    const after = [await h.command(tech.id, 'help', 'C0SOCKAFTER1'), await h.command(tech.id, 'help', 'C0SOCKAFTER2')];
    expect(after.map((d) => d.outcome)).toEqual(['acked', 'acked']);
    expect(after.map((d) => d.connection)).toContain(reopened?.id);
    for (const channel of ['C0SOCKDURING', 'C0SOCKAFTER1', 'C0SOCKAFTER2']) await eventually(() => answersIn(channel)[0], `the answer in ${channel}`);
    await h.bot.delivery.idle();
    expect(['C0SOCKDURING', 'C0SOCKAFTER1', 'C0SOCKAFTER2'].map((channel) => answersIn(channel).length)).toEqual([1, 1, 1]);
    expect(h.socket.deliveries.filter((d) => d.outcome === 'dispatch_failed' || d.outcome === 'operation_timeout')).toEqual([]);
  });

  it('a connection lost without a word (a network failure) is reopened too', async () => {
    const opensBefore = h.fake.callsOf('apps.connections.open').length;
    h.socket.drop();
    await eventually(() => h.fake.callsOf('apps.connections.open').length > opensBefore && h.openConnections() === 2, 'the connection reopened');
    expect((await h.command(tech.id, 'help', 'C0SOCKDROP')).outcome).toBe('acked');
    await eventually(() => answersIn('C0SOCKDROP')[0], 'the answer');
  });

  it('envelopes the bot does not take are acknowledged and dropped with a warning; frames that are no envelope are ignored; the bot keeps answering', async () => {
    const warningsBefore = h.logLines.filter((line) => line.includes('refused a Slack envelope')).length;
    const envelope = (type: unknown, payload: unknown) => ({ envelope_id: `hostile-${Math.random()}`, type, payload, accepts_response_payload: false });
    const refused = [
      sampleJson('socket-mode.events-api.json'),
      sampleJson('socket-mode.interactive-shortcut.json'),
      // A command of another app, as Slack captured it.
      sampleJson('socket-mode.slash-commands.json'),
      envelope('slash_commands', null),
      envelope('slash_commands', { ...h.commandPayload(tech.id, 'help'), text: 5 }),
      envelope('interactive', 'payload'),
      envelope('interactive', { type: 'view_submission', user: { id: tech.id } }),
      envelope('interactive', { type: 'block_actions', user: { id: tech.id }, trigger_id: 't', actions: [{ type: 'button', action_id: '__proto__' }] }),
      envelope('__proto__', {}),
      envelope(42, {}),
    ];
    for (const frame of refused) expect(await h.socket.deliver(frame)).toMatchObject({ outcome: 'acked', acks: 1, ackPayload: undefined });
    for (const frame of ['not json', '[]', '{"envelope":1}', '{"type":"hello"}']) expect((await h.socket.deliver(frame)).outcome).toBe('sent');
    await eventually(() => h.logLines.filter((line) => line.includes('refused a Slack envelope')).length - warningsBefore >= refused.length, 'a warning for each');
    expect(await h.command(tech.id, 'help', 'C0SOCKSTILL')).toMatchObject({ outcome: 'acked' });
    await eventually(() => answersIn('C0SOCKSTILL')[0], 'the answer');
    expect(h.openConnections()).toBe(2);
    expect(h.logLines.join('')).not.toContain(appToken);
  });
});

describe('starting Socket Mode', () => {
  const bot = { botId: 'B0BOT', botUserId: 'U0BOT' };

  it('stops the start with a clear error when Slack refuses the app-level token, and when given the bot token instead', async () => {
    const slack = await startFakeSlackWebApi({ botToken, socketMode: { appToken } });
    try {
      for (const [token, error] of [['xapp-1-wrong', 'invalid_auth'], [botToken, 'not_allowed_token_type']] as const) {
        const config = loadConfig({ PORT: '0', SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: token, SLACK_API_URL: slack.apiUrl }, () => undefined);
        const { app } = createSlackApp(config.slack, bot, createSilentLogger());
        await expect(app.start()).rejects.toThrow(new RegExp(`Slack refused SLACK_APP_TOKEN or could not be reached at ${slack.apiUrl}.*${error}`));
      }
      expect(slack.fake.socketMode?.connections).toEqual([]);
    } finally {
      await slack.close();
    }
  });
});

describe('the fake Slack Socket Mode', () => {
  it('hands out one-time URLs, refuses a command when no connection is open, and times out an envelope nobody acknowledges', async () => {
    const slack = await startFakeSlackWebApi({ botToken, socketMode: { appToken, ackTimeoutMs: 200 } });
    const socket = slack.fake.socketMode;
    if (!socket) throw new Error('no Socket Mode');
    try {
      expect(await socket.send('slash_commands', {})).toMatchObject({ outcome: 'dispatch_failed', connection: undefined });
      const open = await fetch(`${slack.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${appToken}` } });
      const { url } = (await open.json()) as { url: string };
      const frames: string[] = [];
      const first = new WebSocket(url);
      first.addEventListener('message', (event) => frames.push(String(event.data)));
      await eventually(() => frames[0], 'hello');
      expect(JSON.parse(frames[0] ?? '')).toMatchObject({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0PAX8' } });
      const again = new WebSocket(url);
      const refusal = await new Promise<string>((resolve) => again.addEventListener('error', () => resolve('refused')));
      expect(refusal).toBe('refused');

      // The envelope as Slack builds it (the fields of a captured one), never acknowledged here.
      const delivery = await socket.send('slash_commands', { command: '/pax8' });
      expect(delivery.outcome).toBe('operation_timeout');
      const sent = JSON.parse(frames[1] ?? '') as Record<string, unknown>;
      expect(Object.keys(sent).sort()).toEqual(Object.keys(sampleJson('socket-mode.slash-commands.json')).sort());
      expect(sent).toMatchObject({ type: 'slash_commands', accepts_response_payload: true, envelope_id: delivery.envelopeId });
      first.close();
    } finally {
      await slack.close();
    }
  });
});
