// Which endpoint URLs Packr sends to. At registration: http or https, no credentials, bounded
// length; https only in production. At delivery time, unless private networks are allowed
// (OUTBOUND_ALLOW_PRIVATE_NETWORKS, default off in production): the address actually connected to
// must be public. Checking inside the connection's own DNS lookup, not before it, means a name
// that resolves to a public address at registration and to 127.0.0.1 later (DNS rebinding) is
// still refused.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { env } from '../env.js';

export const URL_MAX_LENGTH = 2048;

/** Whether deliveries may go to private, loopback and link-local addresses. */
export const privateNetworksAllowed = (): boolean => env.OUTBOUND_ALLOW_PRIVATE_NETWORKS ?? env.NODE_ENV !== 'production';

/** The reason a URL cannot be an endpoint, or null when it can. */
export function urlProblem(raw: string, production = env.NODE_ENV === 'production'): string | null {
  if (raw.length > URL_MAX_LENGTH) return `URL longer than ${URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'URL must be http or https';
  if (production && url.protocol !== 'https:') return 'URL must be https';
  if (url.username || url.password) return 'URL must not carry credentials (user:password@)';
  if (!url.hostname) return 'URL has no host';
  return null;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** True for private, loopback, link-local, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

export class PrivateAddressError extends Error {
  constructor(host: string) {
    super(`${host} resolves to a private address; refused (OUTBOUND_ALLOW_PRIVATE_NETWORKS)`);
    this.name = 'PrivateAddressError';
  }
}

/** A literal IP host is connected to without a DNS lookup: checked here before sending. */
export function checkLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isPrivateAddress(host)) throw new PrivateAddressError(host);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses private answers: given to the HTTP client as its lookup. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((a) => isPrivateAddress(a.address))) return callback(new PrivateAddressError(hostname), []);
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}
