// rel=me verification of profile links (Mastodon's VerifyAccountLinksService): a field whose value
// is an https link gets `verified_at` when the page it names links back to the profile with
// rel="me". Fetched after the update is answered, never from the server's own network (the
// address actually connected to is checked, so DNS rebinding does not get around it), with a
// timeout, a size cap and at most a few redirects, each checked again.
import http from 'node:http';
import https from 'node:https';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { findAccountById, updateAccount } from '../accounts/store.js';
import { guardedLookup, isPrivateLiteral } from '../lib/public-address.js';
import { storedFields, type StoredField } from './fields.js';

const TIMEOUT_MS = 5000;
const MAX_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export class LinkVerifier {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly publicUrl: string,
    /** Tests and closed networks: http and private addresses allowed (SIRB_VERIFY_PRIVATE_LINKS). */
    private readonly allowPrivate: boolean,
    private readonly clock: () => number = Date.now,
    private readonly log: (error: unknown) => void = () => {},
  ) {}

  /** Starts checking the account's unverified links; the caller does not wait. */
  verifyLater(accountId: number): void {
    void this.verify(accountId).catch(this.log);
  }

  /** Checks each unverified link once; the ones linking back are saved verified. */
  async verify(accountId: number): Promise<void> {
    const row = await findAccountById(this.db, accountId);
    if (!row || row.suspended_at) return;
    const backlinks = new Set([`${this.publicUrl}/@${row.username}`, `${this.publicUrl}/users/${row.username}`]);
    const verified = new Set<string>();
    for (const field of storedFields(row.fields)) {
      if (field.verified_at || !this.verifiable(field.value)) continue;
      if (await this.linksBack(field.value, backlinks).catch(() => false)) verified.add(field.value);
    }
    if (verified.size === 0) return;
    const at = new Date(this.clock()).toISOString();
    await this.write(async (tx) => {
      // Read again in the transaction: the owner may have changed the fields meanwhile.
      const current = await findAccountById(tx, accountId);
      if (!current) return;
      const fields = storedFields(current.fields).map((f): StoredField => (verified.has(f.value) && !f.verified_at ? { ...f, verified_at: at } : f));
      await updateAccount(tx, accountId, { fields: JSON.stringify(fields) });
    });
  }

  /** Mastodon's Account::Field#verifiable?: an https URL (http too where private links are allowed), no user:pass. */
  private verifiable(value: string): boolean {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.username || url.password || !url.hostname || url.href !== value && url.href !== `${value}/`) return false;
    if (url.protocol === 'https:') return this.allowPrivate || !isPrivateLiteral(url.hostname.replace(/^\[|\]$/g, ''));
    return url.protocol === 'http:' && this.allowPrivate;
  }

  private async linksBack(pageUrl: string, backlinks: Set<string>, redirects = 0): Promise<boolean> {
    const page = await this.fetchPage(pageUrl);
    if (page.location !== undefined) {
      const next = new URL(page.location, pageUrl).href;
      return redirects < MAX_REDIRECTS && this.verifiable(next) ? this.linksBack(next, backlinks, redirects + 1) : false;
    }
    return page.html !== undefined && hasRelMeTo(page.html, backlinks);
  }

  private fetchPage(pageUrl: string): Promise<{ html?: string; location?: string }> {
    const url = new URL(pageUrl);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.get(url, { timeout: TIMEOUT_MS, headers: { accept: 'text/html', 'user-agent': 'Sirb (link verification)' }, lookup: this.allowPrivate ? undefined : guardedLookup }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ location: res.headers.location });
        }
        if (status !== 200) {
          res.resume();
          return resolve({});
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // Enough of the page: the rel=me link is in the head or near the top.
          if (size > MAX_BYTES) return res.destroy();
          chunks.push(chunk);
        });
        res.on('close', () => resolve({ html: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error('link verification timed out')));
      request.on('error', reject);
    });
  }
}

/** Whether the page has an <a> or <link> with rel containing "me" whose href is one of the backlinks. */
export function hasRelMeTo(html: string, backlinks: Set<string>): boolean {
  for (const [tag] of html.matchAll(/<(?:a|link)\b[^>]*>/gi)) {
    const rel = attribute(tag, 'rel');
    const href = attribute(tag, 'href');
    if (rel === undefined || href === undefined) continue;
    if (!rel.toLowerCase().split(/\s+/).includes('me')) continue;
    if (backlinks.has(decodeEntities(href).replace(/\/$/, ''))) return true;
  }
  return false;
}

function attribute(tag: string, name: string): string | undefined {
  const match = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i'));
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#x2f;|&#47;/gi, '/').replace(/&quot;/g, '"');
}
