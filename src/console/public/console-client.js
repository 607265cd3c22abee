// The page's side of the console API (src/console/console-routes.ts): JSON in and out, and the
// live event stream. Every call goes to this origin; the server refuses any other.

/** POSTs JSON to a console route and returns its JSON answer; throws with the server's message. */
export async function post(route, body) {
  const response = await fetch(`/console/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

export async function get(route) {
  const response = await fetch(`/console/api/${route}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${route}`);
  return response.json();
}

/** Calls `onEvent` for every console event; the browser reconnects by itself after a drop. */
export function listen(onEvent, onOpen) {
  const source = new EventSource('/console/api/events');
  source.onmessage = (e) => onEvent(JSON.parse(e.data));
  source.onopen = () => onOpen?.();
  return source;
}
