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
// IANA's IPv6 special-purpose registry, plus the deprecated forms that still reach IPv4.
for (const [prefix, bits] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible ::a.b.c.d (deprecated; ::7f00:1 is 127.0.0.1)
  ['64:ff9b:1::', 48], // local-use NAT64: translates to whatever the local network chose
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing
  ['fc00::', 7], // unique local, fd00::/8 included (and AWS's fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

// IPv6 ranges that carry an IPv4 address, which is then judged as IPv4: mapped ::ffff:a.b.c.d,
// NAT64 64:ff9b::/96 (a public IPv4 address reached from an IPv6-only network stays allowed) and
// 6to4 2002:AABB:CCDD::/48. [where its 32 bits start, in 16-bit groups]
const carriers: [net.BlockList, number][] = (
  [
    ['::ffff:0:0', 96, 6],
    ['::ffff:0:0:0', 96, 6], // IPv4-translated (SIIT): reaches IPv4 through a translator
    ['64:ff9b::', 96, 6],
    ['2002::', 16, 1],
  ] as const
).map(([prefix, bits, group]) => {
  const list = new net.BlockList();
  list.addSubnet(prefix, bits, 'ipv6');
  return [list, group];
});

/**
 * The eight 16-bit groups of an IPv6 address. WHATWG URL does the parsing (dotted tails, case,
 * zero runs) and writes it canonically, hex only, so only "::" is left to expand here.
 */
function groups(ip: string): number[] {
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const part = (text: string) => (text ? text.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** True for an address a webhook must never reach. Anything that is not an IP address is refused. */
export function isForbiddenAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  if (blocked.check(ip, 'ipv6')) return true;
  const carrier = carriers.find(([list]) => list.check(ip, 'ipv6'));
  if (!carrier) return false;
  let g: number[];
  try {
    g = groups(ip);
  } catch {
    return true; // an address URL cannot read (a zone id, say) is not one to trust
  }
  const hi = g[carrier[1]]!;
  const lo = g[carrier[1] + 1]!;
  return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
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
