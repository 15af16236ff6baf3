// Fan-out's side of visibility/organising.ts: given whom rules.ts inHome sends a new status to
// (VisibilityService.homeAudience), take out those whose exclusive lists hold its author and add
// the followers of its hashtags the rule lets it reach. A few queries whatever the audience.
import type { Kysely } from 'kysely';
import type { Database, StatusRow } from '../db/schema.js';
import { leftForExclusiveList, reachesHomeByTag } from './organising.js';
import { KnownRelations, noTies, type Ties } from './relations.js';
import { onPublicTimelines, type StatusFacts } from './rules.js';

type Db = Kysely<Database>;
const BATCH = 1000;

export class OrganisedAudience {
  constructor(
    private readonly db: Db,
    /** The clock timed mutes end by. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** `factsOf` is asked only when a list or a tag follow is involved (most posts: neither). */
  async homeAudience(status: StatusRow, factsOf: () => Promise<StatusFacts>, audience: number[]): Promise<number[]> {
    const [owners, tagFollowers] = await Promise.all([this.exclusiveOwners(status.account_id, audience), this.tagFollowers(status.id)]);
    if (owners.size === 0 && tagFollowers.length === 0) return audience;
    const facts = await factsOf();
    const kept = audience.filter((id) => !leftForExclusiveList({ id, relations: new KnownRelations(new Set(), new Set()) }, facts, { exclusiveMembers: owners.has(id) ? new Set([status.account_id]) : new Set(), followsTagOf: () => false }));
    if (!onPublicTimelines(facts)) return kept;
    const already = new Set(kept);
    const followers = tagFollowers.filter((id) => id !== status.account_id && !already.has(id));
    if (followers.length === 0) return kept;
    const asked = [status.account_id, ...(status.in_reply_to_account_id === null ? [] : [status.in_reply_to_account_id])];
    const now = this.clock();
    const ties = await this.tiesOf(followers, asked, now);
    const extras = { exclusiveMembers: new Set<number>(), followsTagOf: () => true };
    const reached = followers.filter((id) => reachesHomeByTag({ id, relations: new KnownRelations(new Set(), new Set(), ties.get(id) ?? noTies(), now) }, facts, extras));
    return [...kept, ...reached];
  }

  /** Of the audience, those with the author in one of their exclusive lists. */
  private async exclusiveOwners(authorId: number, audience: number[]): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom('list_accounts')
      .innerJoin('lists', 'lists.id', 'list_accounts.list_id')
      .select('lists.account_id')
      .where('list_accounts.account_id', '=', authorId)
      .where('lists.exclusive', '=', 1)
      .execute();
    const inAudience = new Set(audience);
    return new Set(rows.map((r) => Number(r.account_id)).filter((id) => inAudience.has(id)));
  }

  /** Who follows one of the status's hashtags. */
  private async tagFollowers(statusId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('tag_follows')
      .select('tag_follows.account_id')
      .distinct()
      .where('tag_follows.tag_id', 'in', (eb) => eb.selectFrom('status_tags').select('status_tags.tag_id').where('status_tags.status_id', '=', statusId))
      .execute();
    return rows.map((r) => Number(r.account_id));
  }

  /** Each candidate's blocks either way and mutes in force of the few accounts asked about. */
  private async tiesOf(candidates: number[], asked: number[], now: number): Promise<Map<number, Ties>> {
    const out = new Map<number, Ties>();
    const of = (id: number) => {
      let ties = out.get(id);
      if (!ties) out.set(id, (ties = noTies()));
      return ties;
    };
    for (let i = 0; i < candidates.length; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH);
      const [blocking, blockedBy, muting] = await Promise.all([
        this.db.selectFrom('blocks').select(['account_id', 'target_account_id']).where('account_id', 'in', batch).where('target_account_id', 'in', asked).execute(),
        this.db.selectFrom('blocks').select(['account_id', 'target_account_id']).where('target_account_id', 'in', batch).where('account_id', 'in', asked).execute(),
        this.db
          .selectFrom('mutes')
          .select(['account_id', 'target_account_id', 'notifications', 'expires_at'])
          .where('account_id', 'in', batch)
          .where('target_account_id', 'in', asked)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
          .execute(),
      ]);
      for (const b of blocking) of(Number(b.account_id)).blocking.add(Number(b.target_account_id));
      for (const b of blockedBy) of(Number(b.target_account_id)).blockedBy.add(Number(b.account_id));
      for (const m of muting) of(Number(m.account_id)).muting.set(Number(m.target_account_id), { notifications: Number(m.notifications) === 1, expiresAt: m.expires_at === null ? null : Number(m.expires_at) });
    }
    return out;
  }
}
