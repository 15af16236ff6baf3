// Which addresses and URLs a preview-card fetch may reach. A post's link is anyone's to choose,
// so the server must not become a way into its own network (SSRF): only public unicast
// addresses, IPv4 and IPv6 (an IPv6 address that embeds an IPv4 one, mapped, NAT64, 6to4 or
// Teredo, is judged by what it embeds or refused), only http and https on their default ports.
// The address checked is the one connected to (the lookup below), so DNS rebinding gains nothing.
// ipaddr.js names the special ranges (RFC 6890 and later), kept up to date by its maintainers.
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export const DEFAULT_PORTS = new Set(['', '80', '443']);

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

/**
 * Origins (URL.host, e.g. "127.0.0.1:8080") that may be fetched although private or on another
 * port: set by the operator for a closed network, and by the tests for their local pages
 * (SIRB_CARDS_ALLOW_PRIVATE_NETWORKS). "*" allows every origin.
 */
export type AllowedOrigins = ReadonlySet<string>;

export function originAllowed(url: URL, allowed: AllowedOrigins): boolean {
  return allowed.has('*') || allowed.has(url.host);
}

/** Why the URL may not be fetched, or undefined if it may (its host's addresses are checked on connect). */
export function refusal(url: URL, allowed: AllowedOrigins): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https links';
  if (url.username || url.password) return 'no credentials in links';
  if (originAllowed(url, allowed)) return undefined;
  if (!DEFAULT_PORTS.has(url.port)) return 'only ports 80 and 443';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address is connected to without a lookup: it is judged here.
  if (net.isIP(host) !== 0 && !isPublicAddress(host)) return 'a private address';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a private address';
  return undefined;
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
export function cardLookup(pinned: PinnedHosts, publicOnly: boolean): net.LookupFunction {
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
