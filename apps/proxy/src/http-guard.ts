import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The host names a front bound to `host` answers to: loopback names when it is loopback, else that host too. */
export function allowedHostnames(host: string): Set<string> {
  const names = new Set(LOOPBACK.has(host) ? LOOPBACK : [host]);
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]`);
  return names;
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end < 0 ? hostHeader : hostHeader.slice(0, end + 1);
  }
  const colon = hostHeader.lastIndexOf(':');
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * DNS-rebinding protection: the `Host` header (and `Origin`, when a browser sends one) must
 * name this server, never another site that resolved to our address.
 *
 * @example if (!hostAllowed(req, allowedHostnames('127.0.0.1'))) res.writeHead(403).end();
 */
export function hostAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = req.headers.host;
  if (host === undefined || !allowed.has(hostnameOf(host.toLowerCase()))) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const { hostname } = new URL(origin);
    return allowed.has(hostname.toLowerCase()) || allowed.has(`[${hostname.toLowerCase()}]`);
  } catch {
    return false;
  }
}

/**
 * Whether the request carries `Authorization: Bearer <token>` (compared in constant time).
 *
 * @example if (!bearerAllowed(req, token)) res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
 */
export function bearerAllowed(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
