/**
 * The console plays Slack towards the bot for modals: a submission's answer is applied to the modal
 * the fake Slack holds (`update` shows the new view with a new hash, `errors` leaves it, nothing
 * closes it), and a later `views.update` reaches the person's open modal, whose next submission
 * carries the version's hash. The bot here is a small HTTP server answering each submission as told.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleActions } from '../../src/console/console-actions.ts';
import { createConsoleTranscript } from '../../src/console/console-transcript.ts';
import { demoPeople } from '../../src/console/demo-people.ts';
import { createSlackDriver } from '../../src/console/slack-driver.ts';
import { createTeamsDriver } from '../../src/console/teams-driver.ts';
import { startFakeSlackWebApi } from '../../src/fakes/slack-web-api.ts';

const botToken = 'xoxb-console-test';

describe('console: Slack modals answered with update, then views.update', () => {
  let bot: Server;
  let botUrl: string;
  let slack: Awaited<ReturnType<typeof startFakeSlackWebApi>>;
  const answers: unknown[] = [];
  const submitted: { id: string; hash: string }[] = [];
  const triggers: string[] = [];

  beforeAll(async () => {
    bot = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}') as { type?: string; trigger_id?: string; view?: { id: string; hash: string } };
        if (payload.type === 'block_actions') {
          triggers.push(payload.trigger_id ?? '');
          return void res.writeHead(200).end();
        }
        if (payload.view) submitted.push({ id: payload.view.id, hash: payload.view.hash });
        const answer = answers.shift();
        res.writeHead(200, answer === undefined ? {} : { 'content-type': 'application/json' });
        res.end(answer === undefined ? '' : JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
    slack = await startFakeSlackWebApi({ botToken });
  });
  afterAll(async () => {
    await slack.close();
    await new Promise((resolve) => bot.close(resolve));
  });

  const call = async (method: string, args: Record<string, unknown>) =>
    (await (await fetch(`${slack.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json' }, body: JSON.stringify(args) })).json()) as {
      ok: boolean;
      error?: string;
      view?: { id: string; hash: string };
    };
  const modal = (text: string, submit: boolean) => ({ type: 'modal', title: { type: 'plain_text', text: 'New user' }, ...(submit ? { submit: { type: 'plain_text', text: 'Submit' } } : {}), blocks: [{ type: 'section', text: { type: 'plain_text', text } }] });

  it('keeps the modal open through update and views.update, each submission with the hash of the version shown', async () => {
    const person = demoPeople[0];
    if (!person) throw new Error('no demo person');
    const transcript = createConsoleTranscript();
    const driver = createSlackDriver({ botUrl, signingSecret: 'secret', responseUrl: () => `${slack.apiUrl}__response/none` });
    const actions = createConsoleActions({ transcript, slack: driver, teams: createTeamsDriver({ botUrl, serviceUrl: botUrl }), slackModals: slack.fake });
    const shown: unknown[] = [];
    transcript.subscribe((event) => event.type === 'modal' && shown.push(event.modal.view));

    // A click's trigger, as the console makes one, and the modal the bot opens with it.
    await driver.blockAction(person, 'C0GENERAL', { ts: '1.000001', text: '', blocks: [] }, { actionId: 'submit_details', blockId: 'b1', value: '{}', text: 'Continue' });
    const trigger = triggers.at(-1) ?? '';
    expect(driver.personForTrigger(trigger)).toBe(person.key);
    const opened = await call('views.open', { trigger_id: trigger, view: modal('the form', true) });
    if (!opened.view) throw new Error(`views.open: ${opened.error ?? ''}`);
    expect(actions.slackModalOpened(trigger, opened.view)).toBe(true);

    answers.push({ response_action: 'update', view: modal('Checking…', false) });
    expect(await actions.slackSubmit(person, opened.view.id, {})).toEqual({ status: 200, updated: true });
    expect(submitted.at(-1)).toEqual({ id: opened.view.id, hash: opened.view.hash });
    const checking = slack.fake.view(opened.view.id);
    expect(checking?.view).toEqual(modal('Checking…', false));
    expect(checking?.hash).not.toBe(opened.view.hash);
    expect(shown.at(-1)).toMatchObject({ id: opened.view.id, hash: checking?.hash });

    // The bot's views.update with the stale hash is refused; without one it replaces the checking view.
    expect((await call('views.update', { view_id: opened.view.id, hash: opened.view.hash, view: modal('the form again', true) })).error).toBe('hash_conflict');
    const updated = await call('views.update', { view_id: opened.view.id, view: modal('the form again', true) });
    if (!updated.view) throw new Error(`views.update: ${updated.error ?? ''}`);
    expect(actions.slackModalUpdated(updated.view)).toBe(true);

    answers.push({ response_action: 'errors', errors: { detail__userName: 'taken' } });
    expect(await actions.slackSubmit(person, opened.view.id, {})).toEqual({ status: 200, errors: { detail__userName: 'taken' } });
    expect(submitted.at(-1)).toEqual({ id: opened.view.id, hash: updated.view.hash });
    expect(slack.fake.view(opened.view.id)?.hash).toBe(updated.view.hash);

    answers.push(undefined);
    expect(await actions.slackSubmit(person, opened.view.id, {})).toEqual({ status: 200, closed: true });
    expect(slack.fake.view(opened.view.id)).toBeUndefined();
    expect(actions.slackModalUpdated(updated.view)).toBe(false);
  });
});
