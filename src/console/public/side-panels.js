// The side panels: the sandbox clock (with buttons to move it; the bot's scheduler follows it, so a
// change scheduled for the renewal window can be watched as it runs), the audit log, and the write
// requests the Pax8 sandbox received.

import { get, post } from './console-client.js';
import { escapeHtml } from './render-block-kit.js';

export function createSidePanels(doc, app) {
  const clock = doc.querySelector('[data-testid="clock"]');
  const audit = doc.querySelector('[data-testid="audit"]');
  const calls = doc.querySelector('[data-testid="pax8-calls"]');
  let timer;

  async function refreshClock() {
    const { now } = await get('clock');
    clock.querySelector('time').textContent = now ? new Date(now).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : 'real Pax8 (no sandbox clock)';
    clock.querySelectorAll('button').forEach((b) => (b.disabled = !now));
  }

  async function refreshAudit() {
    const { entries } = await get('audit');
    audit.innerHTML = entries.length === 0
      ? '<li class="empty">Nothing yet.</li>'
      : entries.map((e) => `<li><time>${escapeHtml(new Date(e.at).toLocaleString())}</time> <b>${escapeHtml(e.action)}</b> ${escapeHtml(e.from ?? '')}${e.to ? ` → ${escapeHtml(e.to)}` : ''} <span class="who">${escapeHtml(e.actor ?? 'system')}${e.platform ? ` via ${escapeHtml(e.platform)}` : ''}</span>${e.reason ? ` <q>${escapeHtml(e.reason)}</q>` : ''}</li>`).join('');
  }

  async function refreshCalls() {
    const { writes, stats } = await get('pax8-calls');
    const summary = stats ? `<li class="summary">${escapeHtml(String(stats.requests))} requests in all, ${escapeHtml(String(stats.http429))} rate-limited</li>` : '';
    calls.innerHTML = summary + (writes.length === 0
      ? '<li class="empty">No writes yet.</li>'
      : writes.map((w) => `<li data-write="${escapeHtml(w.method)} ${escapeHtml(w.path)}${w.query.isMock === 'true' ? ' mock' : ''}" title="${escapeHtml(JSON.stringify(w.body ?? null))}"><code>${escapeHtml(w.method)} ${escapeHtml(w.path)}${w.query.isMock === 'true' ? '?isMock=true' : ''}</code> <span class="status">${escapeHtml(String(w.status ?? '…'))}</span> <time>${escapeHtml(new Date(w.at).toLocaleTimeString())}</time></li>`).join(''));
  }

  function refreshAll() {
    clearTimeout(timer);
    timer = setTimeout(() => void Promise.all([refreshClock(), refreshAudit(), refreshCalls()]).catch(() => undefined), 150);
  }

  clock.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-advance]');
    if (!button) return;
    button.disabled = true;
    post('clock', { advance: button.dataset.advance })
      .then(refreshAll)
      .finally(() => {
        button.disabled = false;
      });
  });

  app.listeners.add((what) => {
    if (what !== 'person') refreshAll();
  });
  setInterval(refreshAll, 5_000);
  refreshAll();
}
