// Sends a prepared Web Push request (web-push encrypts and signs it) to the push service, and
// only to a public address: the endpoint is the client's to choose, so unless the operator allows
// private endpoints (SIRB_PUSH_PRIVATE_ENDPOINTS, tests), an address on the server's own network
// is refused, checked on the address actually connected to (no DNS rebinding).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const PRIVATE = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) PRIVATE.addSubnet(address, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Whether an endpoint URL may be subscribed at all (its scheme; addresses are checked on send). */
export function endpointAllowed(endpoint: string, allowPrivate: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return allowPrivate || !isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''));
  return url.protocol === 'http:' && allowPrivate;
}

/** dns.lookup refusing private addresses (also used by profile/link-verification.ts). */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

export interface PreparedPush {
  method: string;
  headers: Record<string, string | number>;
  body: Buffer | null;
  endpoint: string;
}

/** Resolves to the push service's status code; rejects on network errors and timeouts. */
export function sendPush(request: PreparedPush, allowPrivate: boolean, timeoutMs = 10_000): Promise<number> {
  const url = new URL(request.endpoint);
  if (!endpointAllowed(request.endpoint, allowPrivate)) return Promise.reject(new Error('push endpoint not allowed'));
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: request.method, headers: request.headers, timeout: timeoutMs, lookup: allowPrivate ? undefined : guardedLookup }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('push service timed out')));
    req.on('error', reject);
    req.end(request.body ?? undefined);
  });
}
