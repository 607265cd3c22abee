import type { IncomingMessage } from 'node:http';
import type { RequestGate } from '../http/create-http-server.ts';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a socket address is this machine (IPv4 127/8, IPv6 ::1, or IPv4-mapped 127/8). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Whether a request to the console may be served: it must come from this machine, name this machine
 * in `Host` (so a web page that rebinds its own domain to 127.0.0.1 is refused) and, when a browser
 * says where a request came from, come from the console's own origin (so another page open in the
 * same browser cannot click Approve through it). The console plays people with approval rights, so
 * anything it accepts is as good as an approver's click.
 */
export function isLocalRequest(req: IncomingMessage): boolean {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return false;
  const host = hostName(req.headers.host);
  if (host === undefined || !loopbackHosts.has(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    const parsed = new URL(origin);
    return loopbackHosts.has(parsed.hostname) && parsed.host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Console mode's gate on the whole server, not only `/console`: without an app id the Teams door
 * checks no token, and the fakes and the Slack door sit on the same server, so a page elsewhere that
 * reached any of them could act as the console's approvers (see {@link isLocalRequest}).
 */
export const localOnlyGate: RequestGate = {
  admits: isLocalRequest,
  refusal: 'console mode: this server only answers requests from this machine\n',
};

function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0]?.toLowerCase();
}
