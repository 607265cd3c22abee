import type { ConnectorChange } from '../fakes/bot-connector.ts';
import type { FakeSlackCall } from '../fakes/slack-web-api.ts';
import type { ConsoleActions } from './console-actions.ts';
import type { ConsoleTranscript } from './console-transcript.ts';
import { demoConversations, findDemoPerson } from './demo-people.ts';
import type { PlatformFakes } from './platform-fakes.ts';

/**
 * Mirrors what the bot did through the fakes into the console transcript, as it happens: after
 * every Slack Web API call the touched channels are compared with what the fake shows now (a post,
 * an update, a deletion, a `response_url` reply), a `views.open` becomes a modal for the person whose
 * click opened it, and every Bot Connector post, update and delete becomes a Teams message change.
 * Returns the function that stops following.
 */
export function followFakes(fakes: PlatformFakes, transcript: ConsoleTranscript, actions: ConsoleActions): () => void {
  const slackChannels = new Set(demoConversations('slack').map((c) => c.id));

  function syncSlack(channel: string): void {
    const now = fakes.slack.messages(channel);
    const ids = new Set(now.map((m) => m.ts));
    for (const m of now) {
      const seen = transcript.find('slack', channel, m.ts);
      const visibleTo = m.visibleTo === undefined ? undefined : (findDemoPerson(m.visibleTo)?.key ?? m.visibleTo);
      if (seen && seen.text === m.text && JSON.stringify(seen.blocks) === JSON.stringify(m.blocks) && seen.visibleTo === visibleTo) continue;
      transcript.put({ platform: 'slack', conversationId: channel, id: m.ts, from: { bot: true }, text: m.text, blocks: m.blocks, ...(visibleTo ? { visibleTo } : {}) });
    }
    for (const gone of transcript.messages().filter((m) => m.platform === 'slack' && m.conversationId === channel && 'bot' in m.from && !ids.has(m.id))) {
      transcript.remove('slack', channel, gone.id);
    }
  }

  function onSlack(call: FakeSlackCall): void {
    if (call.response['ok'] !== true) return;
    if (call.method === 'views.open' || call.method === 'views.update') return openModal(call);
    const target = call.args['target'];
    const named = [call.args['channel'], typeof target === 'object' && target !== null && 'channel' in target ? target.channel : undefined];
    for (const channel of named) if (typeof channel === 'string') slackChannels.add(channel);
    for (const channel of slackChannels) syncSlack(channel);
  }

  function openModal(call: FakeSlackCall): void {
    const view = call.response['view'];
    const trigger = call.args['trigger_id'];
    if (typeof view !== 'object' || view === null || !('id' in view) || typeof view.id !== 'string') return;
    if (typeof trigger === 'string') actions.slackModalOpened(trigger, { ...view, id: view.id });
    else if (call.method === 'views.update') actions.slackModalUpdated({ ...view, id: view.id });
  }

  function onTeams(change: ConnectorChange): void {
    const { message } = change;
    const conversationId = teamsConversation(message.conversationId);
    if (change.type === 'deleted') return transcript.remove('teams', conversationId, message.id);
    const activity = message.activity;
    if (activity['type'] !== undefined && activity['type'] !== 'message') return;
    const attachments = Array.isArray(activity['attachments']) ? (activity['attachments'] as unknown[]) : [];
    const text = typeof activity['text'] === 'string' ? activity['text'] : '';
    transcript.put({ platform: 'teams', conversationId, id: message.id, from: { bot: true }, text, attachments });
  }

  fakes.slack.on('change', onSlack);
  const stopTeams = fakes.teams.onChange(onTeams);
  return () => {
    fakes.slack.off('change', onSlack);
    stopTeams();
  };
}

/**
 * The console conversation a Bot Connector conversation id belongs to: a reply in a channel thread
 * (`{channel};messageid={id}`) is shown in the channel, and a personal chat the bot opened itself
 * (the fake names it after its member) is shown as that person's chat with the bot.
 */
export function teamsConversation(id: string): string {
  const channel = id.split(';')[0] ?? id;
  const known = demoConversations('teams');
  if (known.some((c) => c.id === channel)) return channel;
  const owner = known.find((c) => c.kind === 'personal' && c.owner !== undefined && channel.includes(findDemoPerson(c.owner)?.teams.id ?? '\u0000'));
  return owner?.id ?? channel;
}
