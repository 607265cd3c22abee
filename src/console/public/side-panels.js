// The side panels: the sandbox clock (with buttons to move it, and one to jump to the next change
// scheduled for a renewal window; the bot's scheduler follows the clock, so the change can be
// watched as it runs), the audit log, and the writes the Pax8 sandbox received, each named (company,
// product, seats) and explained.

import { get, post } from './console-client.js';
import { dayInWords, fromNow, inWords } from './format-time.js';
import { escapeHtml } from './render-block-kit.js';

const nothingScheduled = 'Nothing is scheduled. A change approved to run in its renewal window (e.g. fewer seats at renewal) shows here.';

export function createSidePanels(doc, app) {
  const clock = doc.querySelector('[data-testid="clock"]');
  const jump = clock.querySelector('[data-testid="next-scheduled"]');
  const audit = doc.querySelector('[data-testid="audit"]');
  const calls = doc.querySelector('[data-testid="pax8-calls"]');
  const shown = new Map();
  let timer;
  let sandboxNow;

  /** Replaces a panel's content only when it changed, so a refresh with nothing new leaves it alone. */
  function show(el, html) {
    if (shown.get(el) === html) return;
    shown.set(el, html);
    el.innerHTML = html;
  }

  async function refreshClock() {
    const { now, next } = await get('clock');
    sandboxNow = now ?? new Date().toISOString();
    clock.querySelector('time').textContent = now ? inWords(now) : 'real Pax8 (no sandbox clock)';
    clock.querySelectorAll('button[data-advance]').forEach((b) => (b.disabled = !now));
    const due = next && now && Date.parse(next.runAt) <= Date.parse(now);
    jump.disabled = !now || !next || due;
    jump.title = !now
      ? 'Only the built-in sandbox has a clock to move.'
      : !next
        ? nothingScheduled
        : due
          ? `“${next.summary}” is due now: the bot runs it within a few seconds.`
          : `Moves the sandbox clock to ${inWords(next.runAt)} (${fromNow(next.runAt, now)}), when “${next.summary}” runs.`;
    jump.dataset.runAt = next?.runAt ?? '';
  }

  async function refreshAudit() {
    const { entries } = await get('audit');
    show(audit, entries.length === 0
      ? '<li class="empty">Nothing yet.</li>'
      : entries.map((e) => `<li><time datetime="${escapeHtml(e.at)}">${escapeHtml(inWords(e.at))}</time> <b>${escapeHtml(e.action)}</b> ${escapeHtml(e.from ?? '')}${e.to ? ` → ${escapeHtml(e.to)}` : ''} <span class="who">${escapeHtml(e.actor ?? 'system')}${e.platform ? ` via ${escapeHtml(e.platform)}` : ''}</span>${e.reason ? ` <q>${escapeHtml(e.reason)}</q>` : ''}</li>`).join(''));
  }

  async function refreshCalls() {
    const { writes, counts, stats } = await get('pax8-calls');
    const summary = counts && stats
      ? `<li class="summary" data-testid="pax8-calls-summary">${plural(counts.writes, 'write')}${counts.dryRuns ? ` (and ${plural(counts.dryRuns, 'dry run')})` : ''} · ${plural(stats.requests, 'Pax8 API request')} in all, ${escapeHtml(String(stats.http429))} rate-limited</li>`
      : '';
    show(calls, summary + (writes.length === 0 ? '<li class="empty">No writes yet.</li>' : writes.map(writeLine).join('')));
  }

  function writeLine(w) {
    const ok = w.status !== null && w.status >= 200 && w.status < 300;
    const subject = [w.company, w.product, w.quantity, w.effectiveOn ? `on ${dayInWords(w.effectiveOn)}` : null].filter(Boolean).map(escapeHtml).join(' · ');
    const resent = w.resentAfter401
      ? `<div class="write-note" data-testid="resent-after-401">Sent twice, written once: the first attempt (${escapeHtml(inWords(w.resentAfter401.at))}) was refused with 401 because the bot's access token had expired on the sandbox clock, so the bot fetched a new token and sent the same request again. Pax8 refuses a request with an expired token before doing anything: this is one write.</div>`
      : '';
    return `<li class="write${w.dryRun ? ' dry-run' : ''}" data-write="${escapeHtml(w.method)} ${escapeHtml(w.path)}"${w.dryRun ? ' data-dry-run' : ''}>
      <div class="write-head"><b>${escapeHtml(w.action)}</b> <span class="outcome${ok ? ' ok' : ''}">${escapeHtml(w.outcome)}</span></div>
      ${subject ? `<div class="write-subject">${subject}</div>` : ''}
      <div class="write-when"><time datetime="${escapeHtml(w.at)}">${escapeHtml(inWords(w.at))}</time>${sandboxNow ? ` (${escapeHtml(fromNow(w.at, sandboxNow))})` : ''}</div>
      ${resent}
      <div class="write-wire"><code>${escapeHtml(w.method)} ${escapeHtml(w.path)}</code> <span class="status">${escapeHtml(String(w.status ?? '…'))}</span></div>
    </li>`;
  }

  function refreshAll() {
    clearTimeout(timer);
    timer = setTimeout(() => void refreshClock().then(() => Promise.all([refreshAudit(), refreshCalls()])).catch(() => undefined), 150);
  }

  clock.addEventListener('click', (e) => {
    const advance = e.target.closest('button[data-advance]');
    const toNext = e.target.closest('[data-testid="next-scheduled"]');
    if (!advance && !toNext) return;
    const button = advance ?? toNext;
    button.disabled = true;
    post(advance ? 'clock' : 'clock/next-scheduled', advance ? { advance: advance.dataset.advance } : {})
      .catch((error) => {
        button.title = error.message;
      })
      .finally(() => {
        button.disabled = false;
        refreshAll();
      });
  });

  app.listeners.add((what) => {
    if (what !== 'person') refreshAll();
  });
  // Writes made by the scheduler on its own (a renewal-window change) show without a click; a poll
  // reads the admin API only, which the sandbox does not count as Pax8 requests.
  setInterval(refreshAll, 5_000);
  refreshAll();
}

function plural(n, noun) {
  return `${escapeHtml(String(n))} ${noun}${n === 1 ? '' : 's'}`;
}
