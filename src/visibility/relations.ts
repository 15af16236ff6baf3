// The viewer's ties beyond follows (blocks either way, mutes) as the rules ask them
// (rules.ts Relations), loaded for the accounts at hand in a few queries: for one viewer
// (reads), for everyone a new post may reach (fan-out), or kept per stream connection.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MuteTerms } from '../accounts/mutes.js';
import { followerIdsQuery } from '../accounts/follows.js';
import { mayNotifyFrom, mentionMayNotify, type Relations } from './rules.js';

type Db = Kysely<Database>;

/** One viewer's blocks and mutes (as far as they were loaded). */
export interface Ties {
  blocking: Set<number>;
  blockedBy: Set<number>;
  /** Mutes in force when loaded; a timed one is compared with the clock when asked. */
  muting: Map<number, MuteTerms>;
}

export const noTies = (): Ties => ({ blocking: new Set(), blockedBy: new Set(), muting: new Map() });

/** Whether the mute is in force at `now`. */
export function muteActive(terms: MuteTerms | undefined, now: number): terms is MuteTerms {
  return terms !== undefined && (terms.expiresAt === null || terms.expiresAt > now);
}

/**
 * Follows known for the accounts the rules were expected to ask about, and the viewer's ties.
 * Asking about a follow not loaded is a bug in the loading (a rule grew a question its loader
 * does not answer), not a "no".
 */
export class KnownRelations implements Relations {
  constructor(
    private readonly asked: ReadonlySet<number>,
    private readonly followed: ReadonlySet<number>,
    private readonly ties: Ties = noTies(),
    private readonly now: number = Date.now(),
  ) {}

  follows(accountId: number): boolean {
    if (!this.asked.has(accountId)) throw new Error(`follows(${accountId}) was asked but not loaded`);
    return this.followed.has(accountId);
  }

  blocks(accountId: number): boolean {
    return this.ties.blocking.has(accountId);
  }

  blockedBy(accountId: number): boolean {
    return this.ties.blockedBy.has(accountId);
  }

  mutes(accountId: number): boolean {
    return muteActive(this.ties.muting.get(accountId), this.now);
  }

  mutesNotifications(accountId: number): boolean {
    const terms = this.ties.muting.get(accountId);
    return muteActive(terms, this.now) && terms.notifications;
  }
}

/**
 * The viewer's blocks either way and mutes in force at `now`, among these accounts: one query
 * (every signed-in read of a status asks it), each part walking a pair index.
 */
export async function tiesAmong(db: Db, viewerId: number, accountIds: number[], now: number): Promise<Ties> {
  const ids = [...new Set(accountIds)].filter((id) => id !== viewerId);
  const ties = noTies();
  if (ids.length === 0) return ties;
  const rows = await db
    .selectFrom('blocks')
    .select([sql<string>`'blocking'`.as('kind'), 'target_account_id as id', sql<number>`1`.as('notifications'), sql<number | null>`cast(null as bigint)`.as('expires_at')])
    .where('account_id', '=', viewerId)
    .where('target_account_id', 'in', ids)
    .unionAll(
      db
        .selectFrom('blocks')
        .select([sql<string>`'blocked_by'`.as('kind'), 'account_id as id', sql<number>`1`.as('notifications'), sql<number | null>`cast(null as bigint)`.as('expires_at')])
        .where('target_account_id', '=', viewerId)
        .where('account_id', 'in', ids),
    )
    .unionAll(
      db
        .selectFrom('mutes')
        .select([sql<string>`'muting'`.as('kind'), 'target_account_id as id', 'notifications', 'expires_at'])
        .where('account_id', '=', viewerId)
        .where('target_account_id', 'in', ids)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])),
    )
    .execute();
  for (const row of rows) {
    const id = Number(row.id);
    if (row.kind === 'blocking') ties.blocking.add(id);
    else if (row.kind === 'blocked_by') ties.blockedBy.add(id);
    else ties.muting.set(id, { notifications: Number(row.notifications) === 1, expiresAt: row.expires_at === null ? null : Number(row.expires_at) });
  }
  return ties;
}

/**
 * Each candidate's ties to a few accounts (a new post's author, the account it replies to, the
 * author of what it reblogs): the candidates are the author and (with `followers`) the author's
 * followers, as fan-out asks them. Three queries whatever their number, each bounded by the few
 * accounts asked about. Keyed by candidate; candidates with no ties are absent.
 */
export async function tiesOfAudience(db: Db, authorId: number, accountIds: number[], followers: boolean, now: number): Promise<Map<number, Ties>> {
  const out = new Map<number, Ties>();
  if (accountIds.length === 0) return out;
  // The same condition on blocks and on mutes, whose builders Kysely types apart.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const audience = (column: 'account_id' | 'target_account_id') => (eb: any) =>
    followers ? eb.or([eb(column, '=', authorId), eb(column, 'in', followerIdsQuery(db, authorId))]) : eb(column, '=', authorId);
  const [blocking, blockedBy, muting] = await Promise.all([
    db.selectFrom('blocks').select(['account_id', 'target_account_id']).where('target_account_id', 'in', accountIds).where(audience('account_id')).execute(),
    db.selectFrom('blocks').select(['account_id', 'target_account_id']).where('account_id', 'in', accountIds).where(audience('target_account_id')).execute(),
    db
      .selectFrom('mutes')
      .select(['account_id', 'target_account_id', 'notifications', 'expires_at'])
      .where('target_account_id', 'in', accountIds)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .where(audience('account_id'))
      .execute(),
  ]);
  const of = (id: number) => {
    let ties = out.get(id);
    if (!ties) out.set(id, (ties = noTies()));
    return ties;
  };
  for (const b of blocking) of(Number(b.account_id)).blocking.add(Number(b.target_account_id));
  for (const b of blockedBy) of(Number(b.target_account_id)).blockedBy.add(Number(b.account_id));
  for (const m of muting) {
    of(Number(m.account_id)).muting.set(Number(m.target_account_id), { notifications: m.notifications === 1, expiresAt: m.expires_at === null ? null : Number(m.expires_at) });
  }
  return out;
}

/**
 * May the recipient be notified, now, of what `fromAccountId` did (about `statusId`, if any)?
 * rules.ts mayNotifyFrom, and not about a status in a conversation the recipient muted (as
 * Mastodon's NotifyService). Asked as the notification is written, inside its transaction.
 */
export async function mayNotifyNow(db: Db, n: { accountId: number; fromAccountId: number; statusId: number | null; now: number; type?: string }): Promise<boolean> {
  const ties = await tiesAmong(db, n.accountId, [n.fromAccountId], n.now);
  if (!mayNotifyFrom({ id: n.accountId, relations: new KnownRelations(new Set(), new Set(), ties, n.now) }, n.fromAccountId)) return false;
  if (n.statusId === null) return true;
  if (n.type === 'mention' && !(await mentionMayNotifyNow(db, n.accountId, n.statusId, n.now))) return false;
  const muted = await db
    .selectFrom('conversation_mutes')
    .innerJoin('statuses', (join) => join.on((eb) => eb('conversation_mutes.conversation_id', '=', eb.fn.coalesce('statuses.conversation_id', 'statuses.id'))))
    .select('conversation_mutes.conversation_id')
    .where('statuses.id', '=', n.statusId)
    .where('conversation_mutes.account_id', '=', n.accountId)
    .executeTakeFirst();
  return muted === undefined;
}

/** How many recipients one query asks about (within every backend's limit on parameters). */
const RECIPIENTS_PER_QUERY = 1000;

/**
 * mayNotifyNow for many recipients of one account's doing about one status (an edit tells
 * everyone who reblogged it): those of them who may be told, in a few queries per thousand
 * recipients instead of a few per recipient.
 */
export async function notifiableNow(db: Db, n: { accountIds: number[]; fromAccountId: number; statusId: number; now: number }): Promise<number[]> {
  const ids = [...new Set(n.accountIds)].filter((id) => id !== n.fromAccountId);
  const status = await db.selectFrom('statuses').select(['id', 'conversation_id']).where('id', '=', n.statusId).executeTakeFirst();
  if (ids.length === 0 || !status) return [];
  const conversation = status.conversation_id === null ? status.id : Number(status.conversation_id);
  const shown: number[] = [];
  for (let i = 0; i < ids.length; i += RECIPIENTS_PER_QUERY) {
    const chunk = ids.slice(i, i + RECIPIENTS_PER_QUERY);
    // Each recipient's ties to the one account, as tiesAmong would load them recipient by recipient.
    const ties = new Map(chunk.map((id) => [id, noTies()]));
    const blocks = await db
      .selectFrom('blocks')
      .select(['account_id', 'target_account_id'])
      .where((eb) => eb.or([eb.and([eb('account_id', 'in', chunk), eb('target_account_id', '=', n.fromAccountId)]), eb.and([eb('account_id', '=', n.fromAccountId), eb('target_account_id', 'in', chunk)])]))
      .execute();
    for (const b of blocks) {
      if (Number(b.target_account_id) === n.fromAccountId) ties.get(Number(b.account_id))?.blocking.add(n.fromAccountId);
      else ties.get(Number(b.target_account_id))?.blockedBy.add(n.fromAccountId);
    }
    const mutes = await db
      .selectFrom('mutes')
      .select(['account_id', 'notifications', 'expires_at'])
      .where('account_id', 'in', chunk)
      .where('target_account_id', '=', n.fromAccountId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', n.now)]))
      .execute();
    for (const m of mutes) ties.get(Number(m.account_id))?.muting.set(n.fromAccountId, { notifications: Number(m.notifications) === 1, expiresAt: m.expires_at === null ? null : Number(m.expires_at) });
    const mutedThread = new Set(
      (await db.selectFrom('conversation_mutes').select('account_id').where('conversation_id', '=', conversation).where('account_id', 'in', chunk).execute()).map((m) => Number(m.account_id)),
    );
    for (const id of chunk) {
      if (mutedThread.has(id)) continue;
      if (mayNotifyFrom({ id, relations: new KnownRelations(new Set(), new Set(), ties.get(id), n.now) }, n.fromAccountId)) shown.push(id);
    }
  }
  return shown;
}

/** rules.ts mentionMayNotify for a status being written: whom else it mentions, and replies to. */
async function mentionMayNotifyNow(db: Db, recipientId: number, statusId: number, now: number): Promise<boolean> {
  const [mentioned, status] = await Promise.all([
    db.selectFrom('status_mentions').select('account_id').where('status_id', '=', statusId).execute(),
    db.selectFrom('statuses').select('in_reply_to_account_id').where('id', '=', statusId).executeTakeFirst(),
  ]);
  const involved = mentioned.map((m) => Number(m.account_id));
  if (status?.in_reply_to_account_id != null) involved.push(Number(status.in_reply_to_account_id));
  const others = involved.filter((id) => id !== recipientId);
  if (others.length === 0) return true;
  const ties = await tiesAmong(db, recipientId, others, now);
  return mentionMayNotify({ id: recipientId, relations: new KnownRelations(new Set(), new Set(), ties, now) }, others);
}
