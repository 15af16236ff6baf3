// What streams need of lists and followed hashtags (issue 12): a list stream's list (its owner,
// members and replies_policy), and for the user stream the viewer's exclusive lists' members and
// followed tags. Loaded when a stream opens and again on `list.changed` / `tag_follow.changed`.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findList, memberIdsOf } from '../lists/store.js';
import { followedTagKeysOf } from '../tags/follows.js';
import { exclusiveMembersQuery } from '../visibility/organising-sql.js';
import type { ListFacts } from '../visibility/organising.js';
import type { SirbEvent } from '../events.js';
import type { Subscriber } from './subscriber.js';

/** Mastodon's answer to a list stream that is not the viewer's (or not there). */
export const LIST_REFUSAL = { error: 'Not authorized to stream this list', status: 401 };

export class OrganisingLoader {
  constructor(private readonly db: Kysely<Database>) {}

  /** The list as its stream needs it, if the viewer owns it. */
  async list(ownerId: number, listId: string): Promise<ListFacts | null> {
    if (!/^[0-9]{1,16}$/.test(listId)) return null;
    const list = await findList(this.db, ownerId, Number(listId));
    if (!list) return null;
    return { ownerId, repliesPolicy: list.repliesPolicy, members: new Set(await memberIdsOf(this.db, list.id)) };
  }

  async exclusiveMembers(accountId: number): Promise<Set<number>> {
    return new Set((await exclusiveMembersQuery(this.db, accountId).execute()).map((r) => Number(r.account_id)));
  }

  async followedTags(accountId: number): Promise<Set<string>> {
    return new Set(await followedTagKeysOf(this.db, accountId));
  }

  /** A list changed, or the followed tags: the owner's connections (`targets`) load them again. */
  async reload(targets: Subscriber[], event: Extract<SirbEvent, { type: 'list.changed' | 'tag_follow.changed' }>): Promise<void> {
    if (targets.length === 0) return;
    if (event.type === 'tag_follow.changed') {
      const tags = await this.followedTags(event.accountId);
      for (const s of targets) s.followedTags = tags;
      return;
    }
    const key = String(event.listId);
    const [exclusive, list] = await Promise.all([event.home ? this.exclusiveMembers(event.accountId) : undefined, this.list(event.accountId, key)]);
    for (const s of targets) {
      if (exclusive) s.exclusiveMembers = exclusive;
      // A deleted list's stream stays open, as on Mastodon, and carries nothing more.
      if (s.lists.has(key)) s.lists.set(key, list ?? { ownerId: event.accountId, repliesPolicy: 'none', members: new Set() });
    }
  }
}
