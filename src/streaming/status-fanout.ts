// Which of the connected streams a new, edited or deleted status goes to, and the sending of it.
// The hub (hub.ts) keeps the connections and hears the events; this is the per-status routing,
// the part that runs for every post: the status is loaded once, then matched against each
// connection's streams by visibility's rules and presented for that connection's viewer.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SirbEvent } from '../events.js';
import type { StatusPresenter } from '../posts/presenter.js';
import { findStatus } from '../posts/store.js';
import { maySee, onPublicTimelines, onPublicTimelinesFor, type StatusFacts } from '../visibility/rules.js';
import { inHomeFeed, inList } from '../visibility/organising.js';
import type { VisibilityService } from '../visibility/service.js';
import type { ActiveFilters } from '../filters/active.js';
import type { Subscriber } from './subscriber.js';

export class StatusFanout {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly presenter: StatusPresenter,
    private readonly visibility: Pick<VisibilityService, 'factsForEveryone'>,
    private readonly filters?: ActiveFilters,
  ) {}

  /**
   * A new status (`update`) or an edited one (`status.update`, as Mastodon: to every stream that
   * was sent the original), once per stream of each connection whose viewer it is shown to.
   */
  async sendStatus(subscribers: Iterable<Subscriber>, statusId: number, name: 'update' | 'status.update' = 'update'): Promise<void> {
    const status = await findStatus(this.db, statusId);
    if (!status) return;
    const facts = await this.visibility.factsForEveryone(status);
    const publicPost = onPublicTimelines(facts);
    const tags = publicPost ? await this.tagsOf(status.id) : new Set<string>();
    // Asked once, and only when someone listens to a media-only stream.
    let media: Promise<boolean> | undefined;
    const hasMedia = () => (media ??= this.hasMedia(status.id));
    for (const s of subscribers) {
      // As on Mastodon, a status that fits several of a client's streams comes once per stream.
      const streams: string[][] = [];
      // The home rule is visibility's (organising.ts inHomeFeed: rules.ts inHome with exclusive
      // lists and followed tags); the connection's follows are its relations.
      const extras = { exclusiveMembers: s.exclusiveMembers, followsTagOf: () => [...tags].some((t) => s.followedTags.has(t)) };
      if (s.has('user') && s.accountId !== undefined && s.following && inHomeFeed({ id: s.accountId, relations: s }, facts, extras)) streams.push(['user']);
      if (s.accountId !== undefined && s.following) {
        for (const sub of s.subscriptions) {
          const list = sub.stream === 'list' ? s.lists.get(sub.tag!) : undefined;
          if (list && inList({ id: s.accountId, relations: s }, list, facts)) streams.push(['list', sub.tagName!]);
        }
      }
      if (publicPost && onPublicTimelinesFor(s.accountId === undefined ? undefined : { id: s.accountId, relations: s }, facts)) {
        for (const sub of s.subscriptions) {
          if (sub.stream === 'public' || sub.stream === 'public:local') streams.push([sub.stream]);
          if ((sub.stream === 'public:media' || sub.stream === 'public:local:media') && (await hasMedia())) streams.push([sub.stream]);
          // public:remote(:media) carry posts from other servers: none while Sirb does not federate.
          if ((sub.stream === 'hashtag' || sub.stream === 'hashtag:local') && sub.tag && tags.has(sub.tag)) streams.push([sub.stream, sub.tagName ?? sub.tag]);
        }
      }
      if (streams.length === 0) continue;
      const [json] = await this.presenter.present([status], s.accountId);
      if (!json) continue;
      const payload = JSON.stringify(json);
      for (const stream of streams) {
        // The user stream is the home timeline; public and hashtag streams, public ones.
        const shown = this.filters ? await this.filters.one(s.accountId, stream[0] === 'user' || stream[0] === 'list' ? 'home' : 'public', json) : json;
        if (shown) s.send({ stream, event: name, payload: shown === json ? payload : JSON.stringify(shown) });
      }
    }
  }

  /**
   * A deleted status's `delete` goes, once per connection, to those who could have been shown
   * it: on the user stream to whoever may see it (rules.ts maySee, by the visibility and
   * mentions the event carries), on a public or hashtag stream only for a public status.
   */
  sendDelete(subscribers: Iterable<Subscriber>, event: Extract<SirbEvent, { type: 'status.deleted' }>): void {
    const mentioned = new Set(event.mentionedIds ?? []);
    const facts: StatusFacts = {
      id: event.statusId,
      accountId: event.accountId,
      visibility: event.visibility ?? 'direct',
      inReplyToAccountId: null,
      reblogOfId: null,
      mentions: (accountId) => mentioned.has(accountId),
      authorSuspended: false,
    };
    const payload = String(event.statusId);
    for (const s of subscribers) {
      let stream: string[] | undefined;
      if (s.has('user') && s.accountId !== undefined && maySee({ id: s.accountId, relations: s }, facts)) stream = ['user'];
      // A list stream hears of its members' posts; a public stream of public ones.
      if (!stream && s.accountId !== undefined && facts.visibility !== 'direct' && maySee({ id: s.accountId, relations: s }, facts)) {
        const sub = s.subscriptions.find((x) => x.stream === 'list' && s.lists.get(x.tag!)?.members.has(facts.accountId));
        if (sub) stream = ['list', sub.tagName!];
      }
      if (!stream && facts.visibility === 'public') {
        const sub = s.subscriptions.find((x) => x.stream !== 'user' && x.stream !== 'user:notification' && x.stream !== 'direct' && x.stream !== 'list');
        if (sub) stream = sub.tagName ? [sub.stream, sub.tagName] : [sub.stream];
      }
      if (stream) s.send({ stream, event: 'delete', payload });
      // A direct status's participants hear of it on their direct streams too, as on Mastodon.
      if (facts.visibility === 'direct' && s.has('direct') && s.accountId !== undefined && maySee({ id: s.accountId, relations: s }, facts)) {
        s.send({ stream: ['direct'], event: 'delete', payload });
      }
    }
  }

  private async hasMedia(statusId: number): Promise<boolean> {
    return !!(await this.db.selectFrom('media_attachments').select('id').where('status_id', '=', statusId).limit(1).executeTakeFirst());
  }

  private async tagsOf(statusId: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('status_tags')
      .innerJoin('tags', 'tags.id', 'status_tags.tag_id')
      .select('tags.name_key')
      .where('status_tags.status_id', '=', statusId)
      .execute();
    return new Set(rows.map((t) => t.name_key));
  }
}
