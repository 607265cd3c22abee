// The Microsoft 365 panel: the sandbox's customer tenants, and for the one chosen its licences
// (enabled, assigned, free) and its first users, read through the bot's own Graph client, so it
// shows what `licenses` and `users` see. A seat bought and approved in chat shows here once the
// sandbox's provisioning delay has passed on its clock.

import { get, post } from './console-client.js';
import { escapeHtml } from './render-block-kit.js';

export function createTenantPanel(doc, app) {
  const section = doc.querySelector('[data-testid="tenants"]');
  const select = section.querySelector('select');
  const details = section.querySelector('[data-testid="tenant-details"]');
  let shown = '';

  function draw(html) {
    if (html === shown) return;
    shown = html;
    details.innerHTML = html;
  }

  async function refreshTenant() {
    const tenantId = select.value;
    if (!tenantId) return draw('');
    const t = await post('tenant', { tenantId });
    if (select.value !== tenantId) return;
    if (t.problem) return draw(`<p class="problem" data-testid="tenant-problem">${escapeHtml(t.problem)}</p>`);
    const licences = t.licences.length === 0
      ? '<li class="empty">No licences.</li>'
      : t.licences.map((l) => `<li><b>${escapeHtml(l.name)}</b><br>${l.enabled} enabled · ${l.consumed} assigned · <span data-testid="free">${l.free}</span> free${l.warning ? ` · ${l.warning} in grace` : ''}${l.suspended ? ` · ${l.suspended} suspended` : ''}</li>`).join('');
    const users = t.users.map((u) => `<li>${escapeHtml(u.name)} <span class="who">${escapeHtml(u.upn)}</span>${u.enabled ? '' : ' <b>blocked</b>'} · ${u.licences} ${u.licences === 1 ? 'licence' : 'licences'}</li>`).join('');
    draw(`<h3>Licences</h3><ol data-testid="tenant-licences">${licences}</ol><h3>Users${t.moreUsers ? ' (the first ones; <code>users &lt;company&gt;</code> lists all)' : ''}</h3><ol data-testid="tenant-users">${users || '<li class="empty">No users.</li>'}</ol>`);
  }

  async function start() {
    const { tenants } = await get('tenants');
    if (!tenants) {
      section.hidden = true;
      return;
    }
    select.innerHTML = '<option value="">Choose a customer…</option>' + tenants.map((t) => `<option value="${escapeHtml(t.tenantId)}">${escapeHtml(t.company)} (${escapeHtml(t.domain)})${t.consented ? '' : ' — app not consented'}</option>`).join('');
    select.addEventListener('change', () => refreshTenant().catch((error) => draw(`<p class="problem">${escapeHtml(error.message)}</p>`)));
    // The tenant follows the sandbox clock (provisioning delay): read it again when something happened.
    app.listeners.add((what) => {
      if (what !== 'person') refreshTenant().catch(() => undefined);
    });
  }

  start().catch((error) => draw(`<p class="problem">${escapeHtml(error.message)}</p>`));
}
