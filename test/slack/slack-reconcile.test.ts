import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, generalChannel, slackPeople, startSlackBot, type SlackBotHarness } from '../helpers/slack-harness.ts';

let h: SlackBotHarness;

beforeAll(async () => {
  h = await startSlackBot();
}, 180_000);
afterAll(() => h?.close());

/** The download button's URL in a message's blocks. */
function downloadUrl(blocks: unknown): string {
  const url = /"url":"(http[^"]+\/files\/[^"]+)"/.exec(JSON.stringify(blocks))?.[1];
  if (!url) throw new Error('no download button');
  return url;
}

describe('reconcile … csv in Slack', () => {
  it('answers with the summary card, uploads the CSV to the conversation, and serves the signed link', async () => {
    const user = slackPeople.ann.id;
    expect((await h.command(user, 'reconcile csv')).status).toBe(200);
    const file = await eventually(() => h.fake.files().find((f) => f.channel === generalChannel && f.content !== undefined), 'the CSV uploaded');
    expect(file.filename).toMatch(/^reconcile-\d{4}-\d{2}\.csv$/);
    expect(file.content?.split('\r\n')[0]).toMatch(/^account,month,company_id,company,status,/);
    expect(h.fake.callsOf('files.completeUploadExternal')).toHaveLength(1);
    const card = h.fake.messages(generalChannel).find((m) => m.visibleTo === user && /Reconciliation \d{4}-\d{2}/.test(m.text));
    expect(JSON.stringify(card?.blocks)).toMatch(/reconciled/);
    const url = downloadUrl(card?.blocks);
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toMatch(/attachment; filename="reconcile-/);
    expect(await served.text()).toBe(file.content);

    const forged = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(forged)).status).toBe(403);
    const [id, expiry] = url.slice(url.lastIndexOf('/') + 1).split('.');
    expect((await fetch(url.replace(`${id}.${expiry}.`, `${id}.${Number(expiry) + 3600}.`))).status).toBe(403);
    expect((await fetch(url.replace(/[^/]+$/, 'not-a-token'))).status).toBe(403);
  }, 120_000);

  it('refuses someone who is neither approver nor admin', async () => {
    expect((await h.command(slackPeople.tech.id, 'reconcile')).status).toBe(200);
    await eventually(() => h.fake.messages(generalChannel).find((m) => m.visibleTo === slackPeople.tech.id && /Only approvers and admins can reconcile/.test(JSON.stringify(m))), 'the refusal');
  });
});
