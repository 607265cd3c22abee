import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ConsoleTranscript } from './console-transcript.ts';
import { demoExamples } from './demo-examples.ts';
import { type DemoConversation, type DemoPerson, demoConversations, demoPeople, findDemoPerson } from './demo-people.ts';
import { streamEvents } from './event-stream.ts';
import { readBody, sendJson } from './http-io.ts';
import type { SandboxPanels } from './sandbox-panels.ts';
import type { ConsoleActions } from './console-actions.ts';
import type { TenantPanel } from './tenant-panel.ts';

const who = { person: z.string(), conversationId: z.string() };
const inputs = {
  say: z.object({ ...who, text: z.string().trim().min(1).max(4_000) }),
  slackClick: z.object({ ...who, messageId: z.string(), actionId: z.string(), blockId: z.string(), value: z.string().optional(), text: z.string() }),
  slackSubmit: z.object({ person: z.string(), viewId: z.string(), values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  teamsAction: z.object({ ...who, messageId: z.string(), trigger: z.enum(['manual', 'automatic']), action: z.object({ verb: z.string(), data: z.unknown(), id: z.string().optional(), title: z.string().optional() }) }),
  tenant: z.object({ tenantId: z.string().uuid() }),
  clock: z.object({ advance: z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$/, 'an ISO 8601 duration such as P1D or PT4H') }),
};

export interface ConsoleRoutesOptions {
  readonly transcript: ConsoleTranscript;
  readonly panels: SandboxPanels;
  readonly actions: ConsoleActions;
  /** Whether the built-in sandbox runs (the clock can move; the examples use its demo data). */
  readonly sandbox: boolean;
  /** The Microsoft 365 panel; undefined when the bot does not reach the sandbox's tenants. */
  readonly tenantPanel?: TenantPanel | undefined;
}

class BadInput extends Error {}

/**
 * The console page's JSON API under `/console/api/`: the state to draw from, the live event stream,
 * what a person types or clicks in either pane, and the side panels. Inputs are checked with zod;
 * the actions themselves go to the bot through the real adapters (see `console-actions.ts`).
 */
export function createConsoleRoutes(options: ConsoleRoutesOptions) {
  const { transcript, panels, actions } = options;

  async function input<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new BadInput('expected application/json');
    let raw: unknown;
    try {
      raw = JSON.parse(await readBody(req)) as unknown;
    } catch {
      throw new BadInput('malformed JSON');
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new BadInput(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data;
  }

  const routes: Readonly<Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<unknown>>> = {
    'GET state': () => Promise.resolve({ sandbox: options.sandbox, examples: demoExamples(options.sandbox), people: demoPeople, conversations: { slack: demoConversations('slack'), teams: demoConversations('teams') }, messages: transcript.messages() }),
    'POST slack/say': async (req) => {
      const i = await input(req, inputs.say);
      return actions.slackCommand(person(i.person), conversation('slack', i.conversationId), i.text);
    },
    'POST slack/click': async (req) => {
      const i = await input(req, inputs.slackClick);
      return actions.slackClick(person(i.person), i.conversationId, i.messageId, { actionId: i.actionId, blockId: i.blockId, value: i.value, text: i.text });
    },
    'POST slack/submit': async (req) => {
      const i = await input(req, inputs.slackSubmit);
      return actions.slackSubmit(person(i.person), i.viewId, i.values);
    },
    'POST teams/say': async (req) => {
      const i = await input(req, inputs.say);
      return actions.teamsMessage(person(i.person), conversation('teams', i.conversationId), i.text);
    },
    'POST teams/action': async (req) => {
      const i = await input(req, inputs.teamsAction);
      const action = { verb: i.action.verb, data: i.action.data, ...(i.action.id ? { id: i.action.id } : {}), ...(i.action.title ? { title: i.action.title } : {}) };
      return actions.teamsAction(person(i.person), conversation('teams', i.conversationId), i.messageId, action, i.trigger);
    },
    'GET clock': async () => ({ now: (await panels.clock())?.now ?? null, next: options.sandbox ? ((await panels.nextScheduled()) ?? null) : null }),
    'POST clock': async (req) => {
      const result = await panels.advanceClock((await input(req, inputs.clock)).advance);
      transcript.notify({ type: 'changed', what: 'clock' });
      return result;
    },
    'POST clock/next-scheduled': async () => {
      if (!options.sandbox) throw new BadInput('the clock can only be moved on the built-in sandbox');
      const jumped = await panels.jumpToNextScheduled();
      if (!jumped) throw new BadInput('nothing is scheduled: a change approved to run in its renewal window shows here');
      transcript.notify({ type: 'changed', what: 'clock' });
      return jumped;
    },
    'GET audit': async () => ({ entries: await panels.audit(50) }),
    'GET pax8-calls': async () => (await panels.pax8Calls(30)) ?? { writes: [], counts: null, stats: null },
    'GET tenants': async () => ({ tenants: options.tenantPanel ? await options.tenantPanel.tenants() : null }),
    'POST tenant': async (req) => {
      if (!options.tenantPanel) throw new BadInput('the bot does not reach the sandbox\'s Microsoft 365 tenants');
      return options.tenantPanel.tenant((await input(req, inputs.tenant)).tenantId);
    },
  };

  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === 'events') return streamEvents(req, res, transcript);
    const route = routes[`${req.method ?? 'GET'} ${path}`];
    if (!route) return sendJson(res, 404, { error: `no console route ${req.method ?? ''} ${path}` });
    try {
      sendJson(res, 200, await route(req, res));
    } catch (error) {
      if (error instanceof BadInput) return sendJson(res, 400, { error: error.message });
      throw error;
    }
  };
}

function person(key: string): DemoPerson {
  const found = findDemoPerson(key);
  if (!found) throw new BadInput(`no demo person "${key}"`);
  return found;
}

function conversation(platform: 'slack' | 'teams', id: string): DemoConversation {
  const found = demoConversations(platform).find((c) => c.id === id);
  if (!found) throw new BadInput(`no ${platform} conversation "${id}"`);
  return found;
}
