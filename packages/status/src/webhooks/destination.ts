// Where webhooks may go: public addresses only. A subscription to a loopback, private, link-local,
// CGNAT or cloud-metadata address would make the status service a probe of its own network, so
// such URLs are refused when subscribed and again at every delivery, after DNS resolution: the
// delivery connects to the very address that was checked (a custom lookup on the request), so a
// name that resolves elsewhere by then (DNS rebinding) cannot slip through.
// STATUS_WEBHOOK_ALLOW_PRIVATE=1 lifts this, for tests and closed networks only.
import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 included
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local, fd00::/8 included (and AWS's fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4), if any. */
function embeddedIPv4(ip: string): string | undefined {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  const pair = hex ?? sixToFour;
  if (!pair) return undefined;
  const hi = parseInt(pair[1]!, 16);
  const lo = parseInt(pair[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True for an address a webhook must never reach. Anything that is not an IP address is refused. */
export function isForbiddenAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIPv4(ip);
  if (v4 !== undefined) return blocked.check(v4, 'ipv4');
  return blocked.check(ip, 'ipv6');
}

export class ForbiddenDestination extends Error {
  constructor() {
    super('the destination is not a public address');
    this.name = 'ForbiddenDestination';
  }
}

/** A URL's host without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Resolves a host name and checks every address it has; throws ForbiddenDestination if any is forbidden. */
export async function checkHost(host: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  if (net.isIP(host)) {
    if (isForbiddenAddress(host)) throw new ForbiddenDestination();
    return;
  }
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0 || addresses.some((a) => isForbiddenAddress(a.address))) throw new ForbiddenDestination();
}

/**
 * A `lookup` for http.request: resolves as usual, then hands the socket only addresses that were
 * checked, so the connection goes exactly where the check said it may.
 */
export function safeLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (list.length === 0 || (!allowPrivate && list.some((a) => isForbiddenAddress(a.address)))) {
        return callback(new ForbiddenDestination() as NodeJS.ErrnoException, '', 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
