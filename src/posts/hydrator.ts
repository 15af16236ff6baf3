// The read pipeline's middle step for statuses: everything a row needs to be shown (the
// statuses it reblogs, authors, mentions, tags and media, the viewer's own favourites, bookmarks
// and reblogs), from the render cache or in a few batch queries, never one per row.
import type { Kysely } from 'kysely';
import type { Database, MediaRow, StatusRow } from '../db/schema.js';
import { presentAccount } from '../accounts/presenter.js';
import { findAccountsByIds } from '../accounts/store.js';
import * as store from './store.js';
import { pollsOfStatuses } from '../polls/store.js';
import { cardsOfStatuses } from '../cards/store.js';
import type { MediaService } from '../media/service.js';
import type { CachedAccount, CachedStatus, MaybePromise, RecentMarks, RenderCache, StatusExtras } from './render-cache.js';

/** Each viewer's newest marks of each kind kept in the render cache (older ones: per page). */
const RECENT_MARKS_LIMIT = 500;

/** What a page of statuses is rendered from (status-bytes.ts puts it together). */
export interface Hydrated {
  /** The page's statuses and the statuses they reblog, by id. */
  byId: Map<number, CachedStatus>;
  authors: Map<number, CachedAccount>;
  marks?: store.ViewerMarks;
}

export class StatusHydrator {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string,
    private readonly media: MediaService | undefined,
    private readonly cache: RenderCache,
    private readonly marksLimit = RECENT_MARKS_LIMIT,
  ) {}

  /** Everything but the extras, which only go into heads not yet encoded (see extras()). */
  async hydrate(statuses: CachedStatus[], viewerId?: number): Promise<Hydrated> {
    const byId = new Map<number, CachedStatus>();
    let reblogged: number[] | undefined;
    for (const status of statuses) {
      const { row } = status;
      if (!byId.has(row.id)) byId.set(row.id, status);
      if (row.reblog_of_id !== null) (reblogged ??= []).push(row.reblog_of_id);
    }
    if (reblogged) for (const original of (await this.rows(reblogged)).values()) if (!byId.has(original.row.id)) byId.set(original.row.id, original);
    const authorIds = new Set<number>();
    for (const { row } of byId.values()) authorIds.add(row.account_id);
    // Both start before either is awaited: on a cache miss their queries run side by side
    // (on PostgreSQL each is a round trip); on a hit neither is a promise at all.
    const authors = this.accounts([...authorIds]);
    const marks = viewerId === undefined ? undefined : this.marks(viewerId, [...byId.keys()]);
    if (authors instanceof Promise || marks instanceof Promise) {
      // Together, so that one failing never leaves another's rejection unhandled.
      const [loadedAuthors, loadedMarks] = await Promise.all([authors, marks]);
      return { byId, authors: loadedAuthors, marks: loadedMarks };
    }
    return { byId, authors, marks };
  }

  /**
   * The viewer's marks among these statuses: from the cache for statuses at or after the
   * horizon of their newest marks (where nearly every page is), from the database for older ones.
   */
  private marks(viewerId: number, ids: number[]): MaybePromise<store.ViewerMarks> {
    const cached = this.cache.readThrough('marks', [viewerId], async () =>
      new Map([[viewerId, await store.recentMarks(this.db, viewerId, this.marksLimit)]]),
    );
    return cached instanceof Promise ? cached.then((loaded) => this.marksAmong(viewerId, ids, loaded.get(viewerId)!)) : this.marksAmong(viewerId, ids, cached.get(viewerId)!);
  }

  private marksAmong(viewerId: number, ids: number[], { horizon, marks: known }: RecentMarks): MaybePromise<store.ViewerMarks> {
    const older = ids.filter((id) => id < horizon);
    // The cached sets hold only marks, so for a page above the horizon they are the answer.
    if (older.length === 0) return known;
    return store.viewerMarks(this.db, viewerId, older).then((marks) => {
      for (const id of ids) {
        if (id < horizon) continue;
        if (known.favourited.has(id)) marks.favourited.add(id);
        if (known.bookmarked.has(id)) marks.bookmarked.add(id);
        if (known.reblogged.has(id)) marks.reblogged.add(id);
        const votes = known.pollVotes.get(id);
        if (votes) marks.pollVotes.set(id, votes);
      }
      marks.mutedConversations = known.mutedConversations;
      marks.pinned = known.pinned;
      return marks;
    });
  }

  /** Status entries by id, from the cache or the database (missing ids are absent from the map). */
  rows(ids: number[]): MaybePromise<Map<number, CachedStatus>> {
    return this.cache.readThrough('status', ids, async (missing) => {
      const rows = await store.findStatusesByIds(this.db, missing);
      return new Map(rows.map((row) => [row.id, this.entry(row)]));
    });
  }

  /** A status row as a new version of its entry. */
  entry(row: StatusRow): CachedStatus {
    // The plain and the search form are never shown; they need not take up cache memory.
    return { row: { ...row, search_text: '', text: '' }, version: this.cache.nextVersion() };
  }

  /** Presented authors by account id, from the cache or the database. */
  private accounts(ids: number[]): MaybePromise<Map<number, CachedAccount>> {
    return this.cache.readThrough('account', ids, async (missing) => {
      const rows = await findAccountsByIds(this.db, missing);
      return new Map(rows.map((row) => [row.id, { row, json: deepFreeze(presentAccount(row, this.publicUrl)), version: this.cache.nextVersion() }]));
    });
  }

  /**
   * Mentions, tags, media and the link's card: cached until the status is edited (posts/edits.ts) or deleted; and
   * its poll, whose votes evict it (polls/store.ts).
   */
  extras(rows: StatusRow[]): MaybePromise<Map<number, StatusExtras>> {
    const posts = rows.filter((row) => row.reblog_of_id === null).map((row) => row.id);
    // Only statuses with a poll cost a poll query (none on most pages).
    const withPoll = new Set(rows.filter((row) => row.poll_id != null).map((row) => row.id));
    return this.cache.readThrough('extras', posts, async (missing) => {
      const [mentions, tags, media, polls, cards] = await Promise.all([
        store.listedMentions(this.db, missing),
        store.tagsOfStatuses(this.db, missing),
        this.media ? this.media.ofStatuses(missing) : new Map<number, MediaRow[]>(),
        pollsOfStatuses(this.db, missing.filter((id) => withPoll.has(id))),
        cardsOfStatuses(this.db, missing),
      ]);
      const mentioned = await this.accounts([...new Set(mentions.map((m) => m.account_id))]);
      const mentionsOf = group(mentions, (m) => m.status_id);
      const tagsOf = group(tags, (t) => t.status_id);
      return new Map(
        missing.map((id): [number, StatusExtras] => [
          id,
          deepFreeze({
            mentions: (mentionsOf.get(id) ?? []).flatMap((m) => {
              const a = mentioned.get(m.account_id)?.row;
              return a ? [{ id: String(a.id), username: a.username, acct: a.username, url: `${this.publicUrl}/@${a.username}` }] : [];
            }),
            // Shown as first written (ة stays ة); name_key is only for matching.
            tags: (tagsOf.get(id) ?? []).map((t) => ({ name: t.name, url: `${this.publicUrl}/tags/${encodeURIComponent(t.name)}` })),
            media: media.get(id) ?? [],
            poll: polls.get(id),
            card: cards.get(id),
          }),
        ]),
      );
    });
  }
}

/** Cached objects are handed to every response that shows them: none may change them. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function group<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

