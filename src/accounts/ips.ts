// The addresses an account signs in and uses its tokens from (Mastodon's user_ips): what the
// admin account view shows as `ip` and `ips`, and what `?ip=` finds accounts by. Written at most
// once an hour per account and address: every API request carries a token, and a write per
// request would cost more than the request.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { unavailabilityOf } from '../db/availability.js';

type Db = Kysely<Database>;

const HOUR = 3600_000;
const REMEMBERED_MAX = 100_000;

export interface AccountIp {
  ip: string;
  used_at: number;
}

export class AccountIpRecorder {
  /** account|ip → when this process last wrote it: skips the database within the hour. */
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Notes the address; a write only if neither this process nor the row saw it this hour. */
  async record(accountId: number, ip: string): Promise<void> {
    const now = this.clock();
    const key = `${accountId}|${ip}`;
    const last = this.recent.get(key);
    if (last !== undefined && now - last < HOUR) return;
    if (this.recent.size >= REMEMBERED_MAX) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, now);
    // The upsert moves used_at only when the row's is an hour old, so processes sharing the
    // store do not each write it.
    try {
      await this.db
        .insertInto('account_ips')
        .values({ account_id: accountId, ip, used_at: now })
        .onConflict((oc) => oc.columns(['account_id', 'ip']).doUpdateSet({ used_at: now }).where('account_ips.used_at', '<', now - HOUR))
        .execute();
    } catch (error) {
      // A note for the admin view, not what the request came for: with the database away the
      // request goes on (a read may be served from caches), and the next one writes it.
      if (!unavailabilityOf(error)) throw error;
      this.recent.delete(key);
    }
  }

  /** Forgets what this process wrote (tests move the clock; a purge deletes the rows). */
  forget(accountId: number): void {
    for (const key of this.recent.keys()) if (key.startsWith(`${accountId}|`)) this.recent.delete(key);
  }
}

/** The account's addresses, most recently used first. */
export async function ipsOf(db: Db, accountId: number): Promise<AccountIp[]> {
  const rows = await db.selectFrom('account_ips').select(['ip', 'used_at']).where('account_id', '=', accountId).orderBy('used_at', 'desc').limit(100).execute();
  return rows.map((r) => ({ ip: r.ip, used_at: Number(r.used_at) }));
}

/** Each account's addresses (a page of admin accounts at once). */
export async function ipsOfMany(db: Db, accountIds: number[]): Promise<Map<number, AccountIp[]>> {
  const out = new Map<number, AccountIp[]>();
  if (accountIds.length === 0) return out;
  const rows = await db.selectFrom('account_ips').select(['account_id', 'ip', 'used_at']).where('account_id', 'in', accountIds).orderBy('used_at', 'desc').execute();
  for (const row of rows) {
    const list = out.get(Number(row.account_id)) ?? [];
    list.push({ ip: row.ip, used_at: Number(row.used_at) });
    out.set(Number(row.account_id), list);
  }
  return out;
}
