// Who is reporting: reports count distinct reporters, not requests. An anonymous reporter is the
// random id their browser keeps (cookie or localStorage) together with their address, IPv6 grouped
// by /64 (one household or phone gets a whole /64, so per-address counting would let one of them be
// thousands of reporters); a signed-in Sirb account (its token verified by the app itself) is that
// account, and weighs more. Where they report from (their network) limits what one place can add.
// Also: which browser posts to accept.
import net from 'node:net';

/** The reporter's address as counted: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 as its /64. */
export function reporterAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (net.isIP(ip) !== 6) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/**
 * The network a report comes from, as the detector weighs it: IPv4 by /24, IPv6 by /48 (a site).
 * One place, however many people or addresses it holds, adds only so much to a region's evidence.
 */
export function reporterPlace(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = mapped ? mapped[1]! : net.isIP(ip) === 4 ? ip : undefined;
  if (v4) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (net.isIP(ip) !== 6) return ip;
  return `${expandIPv6(ip).slice(0, 3).join(':')}::/48`;
}

/** A stored random id an anonymous client sends (the page's cookie, the app's localStorage). */
export const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;
export const CLIENT_COOKIE = 'sirb_reporter';

/** The anonymous client id in the `sirb_reporter` cookie, if a well-formed one is there. */
export function clientFromCookie(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers.cookie;
  if (typeof raw !== 'string') return undefined;
  for (const part of raw.split(';')) {
    const [name, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (name === CLIENT_COOKIE && value && CLIENT_ID.test(value)) return value;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(ip: string): string[] {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  // An embedded IPv4 tail (::1.2.3.4) becomes two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}

/** The bearer token a report came with, if any (the app's web client sends its user's). */
export function bearerOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers.authorization;
  const match = typeof raw === 'string' ? /^Bearer\s+(\S{1,512})$/i.exec(raw) : null;
  return match?.[1];
}

/**
 * Asks the app whose token this is (GET verify_credentials). Undefined when it is not a valid
 * token, or when the app cannot say in time: the report then counts as anonymous, never fails.
 */
export async function verifyAccount(appUrl: string, token: string, timeoutMs = 2000): Promise<string | undefined> {
  try {
    const response = await fetch(`${appUrl}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) {
      await response.arrayBuffer().catch(() => undefined);
      return undefined;
    }
    const account = (await response.json()) as { id?: unknown };
    return typeof account.id === 'string' && account.id.length > 0 && account.id.length <= 64 ? account.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when a browser sent this POST from another site (so a page elsewhere is making its
 * visitors file reports). Browsers send Origin on cross-origin POSTs, and Sec-Fetch-Site on all
 * requests; a request with neither is not from a browser page and cannot be a forged one.
 * `allowed` are origins that may post (the status page's own and, for the API, the app's).
 */
export function isCrossSite(headers: Record<string, string | string[] | undefined>, allowed: string[]): boolean {
  const origin = headers.origin;
  if (typeof origin === 'string') {
    if (origin === 'null') return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return true;
    }
    // Our own host, whatever scheme a proxy in front of us terminates.
    if (typeof headers.host === 'string' && parsed.host === headers.host) return false;
    return !allowed.includes(parsed.origin);
  }
  const site = headers['sec-fetch-site'];
  return typeof site === 'string' && site !== 'same-origin' && site !== 'none';
}

export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
