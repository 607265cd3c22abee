/**
 * CSV exports in Teams, where a bot cannot upload a file to a chat: `reconcile … csv` and
 * `audit … csv` answer with a card whose button is a short-lived signed link to `GET /files/{token}`
 * on the bot. The link serves the CSV; an altered one is refused (403), an expired one is gone (410).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reconcileColumns } from '../../src/billing/index.ts';
import type { FollowingClock } from '../../src/util/create-following-clock.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { personalMessage } from '../helpers/teams-activities.ts';
import { approvalsHere, askPrivately, cardTextOf, people, personalChatOf, startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';

let h: TeamsHarness;

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
}, 60_000);
afterAll(() => h?.close());

/** The signed link of a card's download button. */
function downloadUrl(card: string): string {
  const url = /"url":"(http[^"]+\/files\/[^"]+)"/.exec(card)?.[1];
  if (!url) throw new Error(`no download button in ${card.slice(0, 300)}`);
  return url;
}

/** Moves the sandbox clock, which the bot follows, by `advance` (ISO 8601 duration). */
async function advanceClock(advance: string): Promise<void> {
  const moved = await fetch(`${h.bot.sandbox?.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advance }) });
  expect(moved.status).toBe(200);
  await (h.bot.clock as Partial<FollowingClock>).sync?.();
}

/** A link with one character in the middle of its signature changed. */
const altered = (url: string): string => url.replace(/(.)(.{10})$/, (_, c: string, rest: string) => `${c === 'A' ? 'B' : 'A'}${rest}`);

describe('CSV exports in Teams are signed download links', () => {
  it('reconcile … csv: the link serves the whole run as CSV; altered it is refused, expired it is gone', async () => {
    const answer = await askPrivately(h, people.ann, 'reconcile csv', /Reconciliation \d{4}-\d{2}[\s\S]*\/files\//);
    const card = cardTextOf(answer);
    const companies = Number((/"([\d,]+) compan/.exec(card)?.[1] ?? "NaN").replace(/,/g, ""));
    const url = downloadUrl(card);
    expect(url.startsWith(`${h.bot.url}/files/`)).toBe(true);
    expect(h.connector.messages(personalChatOf(people.ann)).some((m) => JSON.stringify(m.activity.attachments ?? []).includes('"contentType":"text/csv"'))).toBe(false);

    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="reconcile-\d{4}-\d{2}\.csv"$/);
    const rows = parseCsv(await served.text());
    expect(rows[0]).toEqual([...reconcileColumns]);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((r) => r.length === reconcileColumns.length)).toBe(true);
    const column = (name: string) => reconcileColumns.indexOf(name as (typeof reconcileColumns)[number]);
    expect(new Set(body.map((r) => r[column('company_id')])).size).toBe(companies);
    expect(body.every((r) => ['finding', 'clean', 'not reconciled', 'bot change'].includes(r[column('status')] ?? ''))).toBe(true);
    const withFindings = Number(/"title":"With findings","value":"([\d,]+)"/.exec(card)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    expect(new Set(body.filter((r) => r[column('status')] === 'finding').map((r) => r[column('company_id')])).size).toBe(withFindings);

    const forged = await fetch(altered(url));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/not valid/);
    const [id, expiry] = url.slice(url.lastIndexOf('/') + 1).split('.');
    expect((await fetch(url.replace(`${id}.${expiry}.`, `${id}.${Number(expiry) + 3600}.`))).status).toBe(403);

    await advanceClock('PT61M');
    const expired = await fetch(url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/);
  }, 120_000);

  it('audit … csv: the link serves the audit log as CSV, with the entries the card counts', async () => {
    const sent = await h.post(personalMessage(h.serviceUrl, people.tech, 'buy "Aspen Logistics Group" "Dropsuite Microsoft 365 Backup" 3 monthly'));
    expect(sent.status).toBe(200);
    await vi.waitFor(async () => expect((await h.bot.store.audit.list({})).map((r) => r.actorEmail)).toContain(people.tech.email), { timeout: 20_000 });
    const answer = await askPrivately(h, people.ann, 'audit csv', /Audit log[\s\S]*\/files\//);
    const card = cardTextOf(answer);
    const entries = Number(/(\d+) entr(?:y|ies) as CSV/.exec(card)?.[1] ?? Number.NaN);
    expect(entries).toBeGreaterThan(0);
    const url = downloadUrl(card);
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-[^"]*\.csv"$/);
    const rows = parseCsv(await served.text());
    expect(rows[0]?.slice(0, 4)).toEqual(['time', 'request_id', 'action', 'actor']);
    expect(rows).toHaveLength(entries + 1);
    expect(rows.slice(1).some((r) => r[3] === people.tech.email)).toBe(true);

    expect((await fetch(altered(url))).status).toBe(403);
    await advanceClock('PT61M');
    expect((await fetch(url)).status).toBe(410);
  }, 120_000);
});
