// Sends a prepared Web Push request (web-push encrypts and signs it) to the push service, and
// only to a public address: the endpoint is the client's to choose, so unless the operator allows
// private endpoints (SIRB_PUSH_PRIVATE_ENDPOINTS, tests), an address on the server's own network
// is refused, checked on the address actually connected to (no DNS rebinding).
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isPrivateLiteral } from '../lib/public-address.js';

/** Whether an endpoint URL may be subscribed at all (its scheme; addresses are checked on send). */
export function endpointAllowed(endpoint: string, allowPrivate: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return allowPrivate || !isPrivateLiteral(url.hostname.replace(/^\[|\]$/g, ''));
  return url.protocol === 'http:' && allowPrivate;
}

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
