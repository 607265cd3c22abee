import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleTranscript } from '../../src/console/console-transcript.ts';
import { keepConsoleWorkspace, readConsoleWorkspace } from '../../src/console/console-workspace.ts';
import { createPlatformFakes, type PlatformFakes } from '../../src/console/platform-fakes.ts';
import { createLogger, createSilentLogger } from '../../src/log.ts';

const botToken = 'xoxb-console-test';
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** The console's fakes on a real HTTP server, as the bot reaches them, and a way to call them. */
async function serveFakes(): Promise<{ fakes: PlatformFakes; slack(method: string, args: object): Promise<Record<string, unknown>>; teamsPost(conversationId: string, activity: object): Promise<{ id: string }> }> {
  const fakes = createPlatformFakes({ consoleUrl: 'http://127.0.0.1/console', botToken });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/console\//, '');
    void fakes.handle(req, res, path);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console`;
  return {
    fakes,
    async slack(method, args) {
      const response = await fetch(`${base}/slack/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${botToken}` }, body: JSON.stringify(args) });
      return (await response.json()) as Record<string, unknown>;
    },
    async teamsPost(conversationId, activity) {
      const response = await fetch(`${base}/teams/v3/conversations/${encodeURIComponent(conversationId)}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      return (await response.json()) as { id: string };
    },
  };
}

describe('the console workspace kept across a restart', () => {
  it('brings back the panes and the fakes, and new messages take new ids', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'console-workspace-')), 'console-workspace.json');
    const before = await serveFakes();
    const transcript = createConsoleTranscript();
    const keeping = keepConsoleWorkspace({ path, transcript, fakes: before.fakes, log: createSilentLogger() });
    const card = await before.slack('chat.postMessage', { channel: 'C0APPROVALS', text: 'Waiting for approval', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Buy 2*' } }] });
    const teamsCard = await before.teamsPost('19:console-approvals@thread.tacv2', { type: 'message', text: '', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }] });
    transcript.put({ platform: 'slack', conversationId: 'C0GENERAL', id: '1.000001', from: { person: 'tech' }, text: '/pax8 buy …', visibleTo: 'tech' });
    keeping.stop();

    const kept = readConsoleWorkspace(path, createSilentLogger());
    expect(kept?.transcript).toEqual(transcript.messages());
    const after = await serveFakes();
    if (!kept) throw new Error('nothing was kept');
    after.fakes.slack.restore(kept.slack);
    after.fakes.teams.restore(kept.teams);
    expect(after.fakes.slack.messages('C0APPROVALS').map((m) => [m.ts, m.text])).toEqual([[card['ts'], 'Waiting for approval']]);
    expect(after.fakes.teams.messages('19:console-approvals@thread.tacv2').map((m) => m.id)).toEqual([teamsCard.id]);

    // The bot updates the card it posted before the restart, and a new post does not take its id.
    expect(await after.slack('chat.update', { channel: 'C0APPROVALS', ts: card['ts'], text: 'Done in Pax8', blocks: [] })).toMatchObject({ ok: true });
    const next = await after.slack('chat.postMessage', { channel: 'C0APPROVALS', text: 'another' });
    expect(next['ts']).not.toBe(card['ts']);
    expect(after.fakes.slack.messages('C0APPROVALS').map((m) => m.text)).toEqual(['Done in Pax8', 'another']);
    expect((await after.teamsPost('19:console-approvals@thread.tacv2', { type: 'message', text: 'next' })).id).not.toBe(teamsCard.id);
  });

  it('moves an unreadable file aside with a warning and starts empty', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'console-workspace-')), 'console-workspace.json');
    writeFileSync(path, '{"version": 1, "transcript": "not a list"');
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) }) });
    expect(readConsoleWorkspace(path, log)).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(`${path}.unreadable`, 'utf8')).toContain('not a list');
    expect(lines.join('')).toContain('the kept workspace is not one this console can read');
    expect(readConsoleWorkspace(join(tmpdir(), 'no-such-dir-console', 'console-workspace.json'), log)).toBeUndefined();
  });
});
