// The rules of visibility/rules.ts applied to statuses from the database: loads the facts they
// need for a whole batch (the statuses reblogged, suspended authors, mentions, the viewer's
// follows, blocks and mutes: visibility/relations.ts) in a few queries, never one per status,
// and asks the rules.
import type { Kysely } from 'kysely';
import type { Database, StatusRow } from '../db/schema.js';
import { followingIdsAmong, silencedIdsAmong, suspendedIdsAmong } from '../accounts/store.js';
import { followedIdsOf, followerIdsOf, followsOfAudience } from '../accounts/follows.js';
import { findStatusesByIds, mentionedAccountIds, statusesMentioning } from '../posts/store.js';
import { inFeeds, inHome, mayDeliverMedia, mayFind, mayNotify, mayNotifyFrom, maySee, shuns, silencedMayNotify, type Relations, type StatusFacts, type Viewer } from './rules.js';
import { KnownRelations, noTies, tiesAmong, tiesOfAudience, type Ties } from './relations.js';
import { blockedEitherWayIdsOf } from '../accounts/blocks.js';
import { activeMutesOf } from '../accounts/mutes.js';

export { KnownRelations, type Ties } from './relations.js';

type Db = Kysely<Database>;

/** Whose mentions to load: one viewer's, or everyone's (fan-out and streaming ask for many). */
type MentionScope = number | 'everyone' | undefined;

const restricted = (row: StatusRow) => row.visibility === 'private' || row.visibility === 'direct';

export class VisibilityService {
  constructor(
    private readonly db: Db,
    /** The clock timed mutes end by. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** The statuses the viewer (undefined: signed out) may see, in the order given. */
  async visibleAmong(rows: StatusRow[], viewerId?: number): Promise<StatusRow[]> {
    if (rows.length === 0) return rows;
    const facts = await this.facts(rows, viewerId);
    const viewer = viewerId === undefined ? undefined : await this.viewer(viewerId, [...facts.values()]);
    return rows.filter((row) => maySee(viewer, facts.get(row.id)!));
  }

  /** The statuses full-text search may show the viewer (rules.ts mayFind), in the order given. */
  async findableAmong(rows: StatusRow[], viewerId?: number): Promise<StatusRow[]> {
    if (rows.length === 0) return rows;
    const facts = await this.facts(rows, viewerId);
    const viewer = viewerId === undefined ? undefined : await this.viewer(viewerId, [...facts.values()], true);
    return rows.filter((row) => mayFind(viewer, facts.get(row.id)!));
  }

  /**
   * The statuses a thread's context shows the viewer (rules.ts inFeeds: what they may see, less
   * what their blocks and mutes keep out), in the order given.
   */
  async inFeedsAmong(rows: StatusRow[], viewerId?: number): Promise<StatusRow[]> {
    if (rows.length === 0) return rows;
    const facts = await this.facts(rows, viewerId);
    const viewer = viewerId === undefined ? undefined : await this.viewer(viewerId, [...facts.values()]);
    return rows.filter((row) => inFeeds(viewer, facts.get(row.id)!));
  }

  /**
   * May the recipient be notified of what `fromAccountId` did (rules.ts mayNotifyFrom)? Asked as
   * a notification is written, in its transaction (`db`).
   */
  async mayNotifyFrom(db: Db, recipientId: number, fromAccountId: number): Promise<boolean> {
    const ties = await tiesAmong(db, recipientId, [fromAccountId], this.clock());
    return mayNotifyFrom({ id: recipientId, relations: new KnownRelations(new Set(), new Set(), ties, this.clock()) }, fromAccountId);
  }

  /** Of these accounts, those the viewer shuns (rules.ts shuns: blocked either way, or muted). */
  async shunnedAmong(viewerId: number, accountIds: number[]): Promise<Set<number>> {
    const now = this.clock();
    const viewer: Viewer = { id: viewerId, relations: new KnownRelations(new Set(), new Set(), await tiesAmong(this.db, viewerId, accountIds, now), now) };
    return new Set(accountIds.filter((id) => shuns(viewer, id)));
  }

  /** The account's blocks either way and all its mutes in force (a stream keeps them). */
  async tiesOf(accountId: number): Promise<Ties> {
    const [blocks, muting] = await Promise.all([blockedEitherWayIdsOf(this.db, accountId), activeMutesOf(this.db, accountId, this.clock())]);
    return { blocking: new Set(blocks.blocking), blockedBy: new Set(blocks.blockedBy), muting };
  }

  /** The clock timed mutes are judged by (streaming asks it per delivery). */
  now(): number {
    return this.clock();
  }

  async canSee(row: StatusRow, viewerId?: number): Promise<boolean> {
    return (await this.visibleAmong([row], viewerId)).length === 1;
  }

  /** The statuses the recipient may be told about (in notifications), in the order given. */
  async notifiableAmong(rows: StatusRow[], recipientId: number): Promise<StatusRow[]> {
    if (rows.length === 0) return rows;
    const facts = await this.facts(rows, recipientId);
    const recipient = await this.viewer(recipientId, [...facts.values()]);
    return rows.filter((row) => mayNotify(recipient, facts.get(row.id)!));
  }

  /**
   * Of these accounts, those the recipient may be notified by (rules.ts silencedMayNotify): not a
   * silenced one the recipient does not follow.
   */
  async notifyingSendersAmong(senders: { id: number; silenced_at: number | null }[], recipientId: number): Promise<Set<number>> {
    const silenced = senders.filter((s) => s.silenced_at !== null && s.id !== recipientId).map((s) => s.id);
    const asked = new Set(silenced);
    const recipient: Viewer = { id: recipientId, relations: new KnownRelations(asked, await followingIdsAmong(this.db, recipientId, silenced)) };
    return new Set(senders.filter((s) => silencedMayNotify(recipient, { id: s.id, silenced: s.silenced_at !== null })).map((s) => s.id));
  }

  /**
   * Whose home timeline the new status belongs in (fan-out on write): its author's and, with
   * `followers`, each follower's for whom rules.ts inHome says so. Bounded by the author's
   * followers; three queries whatever their number.
   */
  async homeAudience(status: StatusRow, followers: boolean): Promise<number[]> {
    const facts = (await this.facts([status], 'everyone')).get(status.id)!;
    const author = status.account_id;
    const candidates = followers ? await followerIdsOf(this.db, author) : [];
    // Everyone else the rules may ask about: the account replied to, the reblogged author.
    const asked = new Set([author]);
    if (status.in_reply_to_account_id !== null) asked.add(status.in_reply_to_account_id);
    if (facts.original) asked.add(facts.original.accountId);
    const others = [...asked].filter((id) => id !== author);
    // Ties to the accounts mentioned too (rules.ts mentionsShunned), not follows.
    const tied = new Set([...asked, ...(facts.mentionedAccountIds ?? []), ...(facts.original?.mentionedAccountIds ?? [])]);
    const now = this.clock();
    const [edges, ties] = await Promise.all([followsOfAudience(this.db, author, others, followers), tiesOfAudience(this.db, author, [...tied], followers, now)]);
    const audience: number[] = [];
    for (const candidate of [author, ...candidates]) {
      const followed = new Set<number>();
      if (candidate !== author) followed.add(author);
      for (const other of others) if (edges.get(other)?.has(candidate)) followed.add(other);
      const relations = new KnownRelations(asked, followed, ties.get(candidate) ?? noTies(), now);
      if (inHome({ id: candidate, relations }, facts)) audience.push(candidate);
    }
    return audience;
  }

  /** May the files of the status's media be served (rules.ts mayDeliverMedia)? */
  async mediaDeliverable(status: StatusRow): Promise<boolean> {
    return mayDeliverMedia((await this.facts([status], undefined)).get(status.id)!);
  }

  /** The facts about one new status that streaming needs for every subscriber. */
  async factsForEveryone(status: StatusRow): Promise<StatusFacts> {
    return (await this.facts([status], 'everyone')).get(status.id)!;
  }

  /** Whom the account follows (streaming keeps it per connection, updated by follow events). */
  followedIdsOf(accountId: number): Promise<number[]> {
    return followedIdsOf(this.db, accountId);
  }

  /**
   * The viewer, with their follows of the authors whose restricted statuses they are not
   * mentioned in (and, for search, of the authors of unlisted ones), and their blocks and mutes
   * of every author and account replied to.
   */
  private async viewer(viewerId: number, facts: StatusFacts[], unlistedToo = false): Promise<Viewer> {
    const asked = new Set<number>();
    const involved = new Set<number>();
    const ask = (f: StatusFacts) => {
      involved.add(f.accountId);
      if (f.inReplyToAccountId !== null) involved.add(f.inReplyToAccountId);
      if (f.accountId !== viewerId && unlistedToo && f.visibility === 'unlisted') asked.add(f.accountId);
      if (f.visibility === 'private' && f.accountId !== viewerId && !f.mentions(viewerId)) asked.add(f.accountId);
      if (f.authorSilenced && f.accountId !== viewerId) asked.add(f.accountId);
      if (f.original) ask(f.original);
    };
    facts.forEach(ask);
    const now = this.clock();
    const [followed, ties] = await Promise.all([followingIdsAmong(this.db, viewerId, [...asked]), tiesAmong(this.db, viewerId, [...involved], now)]);
    return { id: viewerId, relations: new KnownRelations(asked, followed, ties, now) };
  }

  /** Facts about the rows (and the statuses they reblog), keyed by the rows' ids. */
  private async facts(rows: StatusRow[], mentionScope: MentionScope): Promise<Map<number, StatusFacts>> {
    const reblogged = rows.flatMap((r) => (r.reblog_of_id === null ? [] : [r.reblog_of_id]));
    const originals = new Map((await findStatusesByIds(this.db, reblogged)).map((r) => [r.id, r]));
    const all = [...rows, ...originals.values()];
    // A signed-in viewer is not suspended (their token is refused), so their own need no look-up.
    const authors = all.map((r) => r.account_id).filter((id) => id !== mentionScope);
    // Everyone's reads (fan-out, streams) ask home's rule, which needs every status's mentions.
    const mentionable = all.filter((r) => mentionScope === 'everyone' || restricted(r)).map((r) => r.id);
    const [suspended, silenced, mentions] = await Promise.all([suspendedIdsAmong(this.db, authors), silencedIdsAmong(this.db, authors), this.mentions(mentionable, mentionScope)]);
    const factsOf = (row: StatusRow, original?: StatusFacts): StatusFacts => ({
      id: row.id,
      accountId: row.account_id,
      visibility: row.visibility,
      inReplyToAccountId: row.in_reply_to_account_id,
      reblogOfId: row.reblog_of_id,
      mentions: (accountId) => mentions.get(row.id)?.has(accountId) ?? false,
      authorSuspended: suspended.has(row.account_id),
      authorSilenced: silenced.has(row.account_id),
      original,
      mentionedAccountIds: mentionScope === 'everyone' ? [...(mentions.get(row.id) ?? [])] : undefined,
    });
    const out = new Map<number, StatusFacts>();
    for (const row of rows) {
      const original = row.reblog_of_id === null ? undefined : originals.get(row.reblog_of_id);
      out.set(row.id, factsOf(row, original && factsOf(original)));
    }
    return out;
  }

  /** Who each status mentions, as far as the scope asks: for one viewer, public posts' mentions never matter. */
  private async mentions(statusIds: number[], scope: MentionScope): Promise<Map<number, Set<number>>> {
    const out = new Map<number, Set<number>>();
    if (scope === undefined || statusIds.length === 0) return out;
    if (scope === 'everyone') {
      for (const m of await mentionedAccountIds(this.db, statusIds)) {
        const set = out.get(Number(m.status_id)) ?? new Set<number>();
        set.add(Number(m.account_id));
        out.set(Number(m.status_id), set);
      }
      return out;
    }
    for (const id of await statusesMentioning(this.db, scope, statusIds)) out.set(id, new Set([scope]));
    return out;
  }
}
