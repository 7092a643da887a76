// The address a request came from, for per-address limits and the loopback-only /metrics.
// Behind a load balancer every socket comes from the balancer, so TRUSTED_PROXY_HOPS says how many
// proxies append to X-Forwarded-For; only their entries are believed. Entries further left were
// written by the client and are never trusted (anyone can send X-Forwarded-For: 127.0.0.1).
import type { IncomingMessage } from 'node:http';

/** The caller's address, or null when unknown (in-process calls such as yoga.fetch in tests). */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'> | undefined, trustedProxyHops: number): string | null {
  if (!req) return null;
  const socketAddress = normalize(req.socket?.remoteAddress);
  if (trustedProxyHops <= 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return socketAddress;
  // The last proxy is the socket; each trusted hop before it appended the address it saw.
  const index = Math.max(0, forwarded.length - trustedProxyHops);
  return normalize(forwarded[index]);
}

/** 127.0.0.0/8 and ::1: the same machine. */
export function isLoopback(address: string | null): boolean {
  return address !== null && (address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address));
}

// Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; one address, one spelling.
function normalize(address: string | undefined): string | null {
  if (!address) return null;
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
