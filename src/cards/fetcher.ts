// Fetches a page (or an oEmbed document) for a preview card, within limits: every URL and every
// redirect is checked (address-policy.ts), the connection goes only to a public address, the
// whole fetch has one deadline, at most a few redirects are followed, only the expected content
// types are read, and reading stops at the size cap (a page's head is near its top).
import http from 'node:http';
import https from 'node:https';
import { addressLookup, type PinnedHosts } from '../lib/public-address.js';
import { originAllowed, refusal, type AllowedOrigins } from './address-policy.js';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowed: AllowedOrigins;
  /** Hosts with a fixed address (SIRB_CARDS_RESOLVE); none by default. */
  pinned?: PinnedHosts;
}

export const DEFAULT_LIMITS: Omit<FetchLimits, 'allowed' | 'pinned'> = { timeoutMs: 5000, maxBytes: 1024 * 1024, maxRedirects: 3 };

export class CardFetchError extends Error {}

export interface FetchedDocument {
  /** Where it was found, after redirects. */
  url: string;
  body: string;
  contentType: string;
}

/** GETs the URL as text, following redirects; rejects with CardFetchError for anything refused. */
export async function fetchDocument(start: string, accept: readonly string[], limits: FetchLimits): Promise<FetchedDocument> {
  const found = await fetchBytes(start, accept, limits, false);
  return { ...found, body: found.body.toString('utf8') };
}

/**
 * GETs the URL's bytes, following redirects. `whole`: a body past the size cap is refused (an
 * image cut short is no image) rather than read up to the cap (a page's head is at its top).
 */
export async function fetchBytes(start: string, accept: readonly string[], limits: FetchLimits, whole: boolean): Promise<{ url: string; body: Buffer; contentType: string }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = parse(start);
  for (let redirects = 0; ; redirects++) {
    const answer = await get(url, accept, limits, signal, whole);
    if (answer.location === undefined) return { ...answer.document!, url: url.href };
    if (redirects >= limits.maxRedirects) throw new CardFetchError('too many redirects');
    url = parse(answer.location, url);
  }
}

function parse(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new CardFetchError('not a URL');
  }
  return url;
}

function get(url: URL, accept: readonly string[], limits: FetchLimits, signal: AbortSignal, whole: boolean): Promise<{ location?: string; document?: { body: Buffer; contentType: string } }> {
  const refused = refusal(url, limits.allowed);
  if (refused) return Promise.reject(new CardFetchError(`${url.host}: ${refused}`));
  const transport = url.protocol === 'https:' ? https : http;
  const lookup = addressLookup(limits.pinned ?? new Map(), !originAllowed(url, limits.allowed));
  return new Promise((resolve, reject) => {
    const request = transport.get(url, { signal, lookup, headers: { accept: `${accept.join(', ')};q=0.9, */*;q=0.1`, 'user-agent': 'Sirb (link preview; +https://github.com/sirb)', 'accept-encoding': 'identity' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ location: res.headers.location });
      }
      const contentType = (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (status !== 200) {
        res.resume();
        return reject(new CardFetchError(`answered ${status}`));
      }
      if (!accept.includes(contentType)) {
        res.destroy();
        return reject(new CardFetchError(`not ${accept.join(' or ')}: ${contentType || 'no content type'}`));
      }
      const declared = Number(res.headers['content-length']);
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve({ document: { body: Buffer.concat(chunks), contentType } });
      };
      // A page larger than the cap is read up to the cap (its head is at the top); an oEmbed
      // document must be whole to parse, which the caller finds out.
      if (Number.isFinite(declared) && declared > limits.maxBytes * (whole ? 1 : 16)) {
        res.destroy();
        return reject(new CardFetchError('far too large'));
      }
      res.on('data', (chunk: Buffer) => {
        const room = limits.maxBytes - size;
        if (room <= 0) return;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= limits.maxBytes) {
          if (whole) {
            done = true;
            reject(new CardFetchError('too large'));
          } else finish();
          res.destroy();
        }
      });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', (error) => {
        if (done) return;
        done = true;
        reject(signal.aborted ? new CardFetchError('timed out') : error);
      });
    });
    request.on('error', (error) => reject(signal.aborted ? new CardFetchError('timed out') : error));
  });
}
