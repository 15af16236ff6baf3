// Whether the server may connect to an address that someone else chose (a post's link, a profile
// field's link, a push endpoint): only public unicast addresses, IPv4 and IPv6 (an IPv6 address
// that embeds an IPv4 one, mapped, NAT64, 6to4 or Teredo, is judged by what it embeds or refused),
// so the server cannot be used to reach its own network (SSRF). The address judged is the one
// connected to (the lookup below), so DNS rebinding gains nothing. ipaddr.js names the special
// ranges (RFC 6890 and later), kept up to date by its maintainers.
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Whether the address is a public unicast one (anything unparsable is not). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else return v6.range() === 'unicast';
  }
  return ip.range() === 'unicast';
}

/** A literal address that is not public (a host name is judged when it is looked up). */
export function isPrivateLiteral(host: string): boolean {
  return net.isIP(host) !== 0 && !isPublicAddress(host);
}

/**
 * Hosts answered from a fixed address instead of DNS, as curl's --resolve (SIRB_CARDS_RESOLVE):
 * for tests and split-horizon networks. The address is still judged like a looked-up one.
 */
export type PinnedHosts = ReadonlyMap<string, string>;

/**
 * A dns.lookup for the connection: with `publicOnly`, a host with any non-public address is
 * refused (all are checked: any could be picked), so the address judged is the one connected to.
 */
export function addressLookup(pinned: PinnedHosts, publicOnly: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    const answer = (error: NodeJS.ErrnoException | null, list: dns.LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (list.length === 0 || (publicOnly && list.some((a) => !isPublicAddress(a.address)))) {
        return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    };
    const fixed = pinned.get(hostname.toLowerCase());
    if (fixed !== undefined) return answer(null, [{ address: fixed, family: net.isIP(fixed) || 4 }]);
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => answer(error, addresses as dns.LookupAddress[]));
  };
}

/** The lookup for connections to addresses others chose: public addresses only, from DNS. */
export const guardedLookup: net.LookupFunction = addressLookup(new Map(), true);
