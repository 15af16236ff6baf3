// Sign-up blocks, as Mastodon keeps them: canonical email blocks (a hash of the address with
// dots and +tags of its local part dropped, so one person's variants are one block), email
// domain blocks (the domain and its subdomains), IP blocks (CIDR ranges with a severity).
import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import ipaddr from 'ipaddr.js';
import type { Database, IpBlocksTable } from '../db/schema.js';
import { applyKeyset, newestFirst } from '../db/keyset.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';

type Db = Kysely<Database>;
export type IpBlockRow = Selectable<IpBlocksTable>;

export const IP_BLOCK_SEVERITIES = ['sign_up_requires_approval', 'sign_up_block', 'no_access'] as const;
export type IpBlockSeverity = (typeof IP_BLOCK_SEVERITIES)[number];

/** Mastodon's CanonicalEmailBlock.email_to_canonical_email. */
export function canonicalEmail(email: string): string {
  const [local, domain = ''] = email.trim().toLowerCase().split(/@(.*)/s);
  return `${local.replace(/\./g, '').split('+')[0]}@${domain}`;
}

export const canonicalEmailHash = (email: string) => crypto.createHash('sha256').update(canonicalEmail(email)).digest('hex');

/** Blocks the address (suspension does, as Mastodon's); nothing if it is blocked already. */
export async function blockCanonicalEmail(db: Db, email: string, referenceAccountId: number | null, now: number): Promise<void> {
  await db
    .insertInto('canonical_email_blocks')
    .values({ id: newId(now), canonical_email_hash: canonicalEmailHash(email), reference_account_id: referenceAccountId, created_at: now })
    .onConflict((oc) => oc.column('canonical_email_hash').doNothing())
    .execute();
}

/** Lifts the blocks a suspension of the account made (unsuspend). */
export async function unblockCanonicalEmailOf(db: Db, accountId: number): Promise<void> {
  await db.deleteFrom('canonical_email_blocks').where('reference_account_id', '=', accountId).execute();
}

export async function canonicalBlocksMatching(db: Db, email: string) {
  return db.selectFrom('canonical_email_blocks').selectAll().where('canonical_email_hash', '=', canonicalEmailHash(email)).execute();
}

/** The domain and every parent of it: a block of example.com covers mail.example.com. */
export function domainAndParents(domain: string): string[] {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  return labels.map((_, i) => labels.slice(i).join('.')).filter(Boolean);
}

export async function emailDomainBlocked(db: Db, email: string): Promise<boolean> {
  const domain = email.trim().toLowerCase().split('@').pop() ?? '';
  if (!domain) return false;
  const hostname = normaliseDomain(domain) ?? domain;
  const row = await db.selectFrom('email_domain_blocks').select('id').where('domain', 'in', domainAndParents(hostname)).executeTakeFirst();
  return row !== undefined;
}

/** A domain as stored (lower case, IDN as punycode), or undefined when it is not one. */
export function normaliseDomain(input: string): string | undefined {
  const trimmed = input.trim().toLowerCase().replace(/\.$/, '');
  if (!trimmed || /[\s/@:?#\\]/.test(trimmed)) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${trimmed}`).hostname;
  } catch {
    return undefined;
  }
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  return hostname.split('.').every((l) => label.test(l)) ? hostname : undefined;
}

/** A CIDR as stored: the network address and prefix ("10.0.0.0/8", "1.2.3.4/32"); undefined if invalid. */
export function normaliseCidr(input: string): string | undefined {
  try {
    if (input.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(input.trim());
      const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(input.trim()) : ipaddr.IPv6.networkAddressFromCIDR(input.trim());
      return `${network.toString()}/${bits}`;
    }
    const address = ipaddr.parse(input.trim());
    return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    return undefined;
  }
}

export async function listPage<T extends 'canonical_email_blocks' | 'email_domain_blocks' | 'ip_blocks'>(db: Db, table: T, page: Page) {
  const query = db.selectFrom(table as 'ip_blocks').selectAll();
  return newestFirst(await applyKeyset(query, 'id', page).execute(), page) as unknown as Selectable<Database[T]>[];
}

/** IP blocks in force at `now` (expired ones are as good as gone). */
export async function liveIpBlocks(db: Db, now: number): Promise<IpBlockRow[]> {
  return db.selectFrom('ip_blocks').selectAll().where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).execute();
}
