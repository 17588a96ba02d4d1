import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import net from 'node:net';

/** The variable that lets outbound requests reach private networks (decisions §8). */
export const allowPrivateUrlsVariable = 'PARLEY_ALLOW_PRIVATE_URLS';

/** Thrown when an outbound URL points at loopback, private or link-local space (SSRF guard). */
export class PrivateAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `Refusing to connect to ${host} (${address}): loopback, private and link-local addresses are blocked. Set ${allowPrivateUrlsVariable}=true to allow them.`,
    );
    this.name = 'PrivateAddressError';
  }
}

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** IPv4 carried inside an IPv6 address (`::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`), else undefined. */
function embeddedIpv4(ip: string): string | undefined {
  const m = /^(?:::ffff:|64:ff9b::)(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1]!, 16);
  const lo = Number.parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True for loopback, private, link-local, CGNAT, multicast and reserved addresses (v4 and v6). */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(ip);
  if (v4) return blocked.check(v4, 'ipv4');
  return blocked.check(ip, 'ipv6');
}

/** The host of a URL without IPv6 brackets. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Cheap check without DNS (for validating stored URLs): throws for an IP literal in a blocked
 * range or the name `localhost`. Names are checked again after resolution by `guardedLookup`.
 */
export function assertNotPrivateLiteral(url: URL, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = urlHost(url).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) throw new PrivateAddressError(host, '127.0.0.1');
  if (net.isIP(host) && isPrivateAddress(host)) throw new PrivateAddressError(host, host);
}

/**
 * A `lookup` for `http.request`/`net.connect` that resolves the name and refuses the connection
 * when any resolved address is private, so the check applies to the address actually dialled.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', undefined);
      const list = addresses as dns.LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), '', undefined);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(
          Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }),
          '',
          undefined,
        );
      return callback(null, first.address, first.family);
    });
  };
}
