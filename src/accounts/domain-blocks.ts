// An account's domain blocks (Mastodon's AccountDomainBlock). On Mastodon they hide everything
// from remote accounts of that domain. Every account on Sirb is local and Sirb does not federate,
// so a block changes nothing that is shown: it is kept and listed so that apps which sync them
// (and a future federation) find what the user set. docs/announcements.md says the same.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { unprocessable } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import { newId } from '../lib/ids.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The domain as stored (lower case, ASCII/punycode), or a 422 in Mastodon's words. */
export function normalizeDomain(input: string | undefined): string {
  const raw = (input ?? '').trim().replace(/\.$/, '');
  if (!raw) throw unprocessable("Validation failed: Domain can't be blank");
  let host: string;
  try {
    if (/[/?#@:\s\\]/.test(raw)) throw new Error('not a bare domain');
    host = new URL(`http://${raw}`).hostname;
  } catch {
    throw unprocessable('Validation failed: Domain is not a valid domain name');
  }
  if (host.length > 253 || !host.split('.').every((label) => LABEL.test(label))) {
    throw unprocessable('Validation failed: Domain is not a valid domain name');
  }
  return host;
}

export class DomainBlockService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The domains, newest block first, with the block ids that page them (Link header). */
  async list(accountId: number, page: Page): Promise<{ domains: string[]; cursors: number[] }> {
    const query = this.db.selectFrom('account_domain_blocks').select(['id', 'domain']).where('account_id', '=', accountId);
    const rows = newestFirst(await applyKeyset(query, 'id', page).execute(), page);
    return { domains: rows.map((r) => r.domain), cursors: rows.map((r) => Number(r.id)) };
  }

  /** Blocking a domain twice keeps the first block (Mastodon's block_domain! finds or creates). */
  async block(accountId: number, domain: string | undefined): Promise<void> {
    const normalized = normalizeDomain(domain);
    const now = this.clock();
    await this.db
      .insertInto('account_domain_blocks')
      .values({ id: newId(now), account_id: accountId, domain: normalized, created_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'domain']).doNothing())
      .execute();
  }

  async unblock(accountId: number, domain: string | undefined): Promise<void> {
    const normalized = normalizeDomain(domain);
    await this.db.deleteFrom('account_domain_blocks').where('account_id', '=', accountId).where('domain', '=', normalized).execute();
  }
}
