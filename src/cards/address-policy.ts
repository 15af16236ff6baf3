// Which addresses and URLs a preview-card fetch may reach. A post's link is anyone's to choose,
// so the server must not become a way into its own network (SSRF): only public unicast
// addresses, IPv4 and IPv6 (an IPv6 address that embeds an IPv4 one, mapped, NAT64, 6to4 or
// Teredo, is judged by what it embeds or refused), only http and https on their default ports.
// The address checked is the one connected to (lib/public-address.ts addressLookup), so DNS
// rebinding gains nothing.
import { isPrivateLiteral } from '../lib/public-address.js';

export const DEFAULT_PORTS = new Set(['', '80', '443']);

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
  if (isPrivateLiteral(host)) return 'a private address';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a private address';
  return undefined;
}
