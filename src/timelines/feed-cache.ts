// Where cached home timelines live: in this process's memory (embedded mode) or in Redis
// (scale-out mode). A feed is a set of status ids, newest first, at most `cap` long; a feed
// that exists has been built (from SQL) and is kept current by fan-out.
import type { Page } from '../http/pagination.js';

export interface FeedRead {
  built: boolean;
  size: number;
  ids: number[];
  celebrities: number[];
}

export interface FeedCache {
  /** Whether the feed was built, and how many ids it holds. */
  info(accountId: number): Promise<{ built: boolean; size: number }>;
  /** What a home read needs, in one trip: info, the page's ids (range) and the celebrities. */
  read(accountId: number, page: Page): Promise<FeedRead>;
  /** Replaces the feed with these ids (newest first), marking it built. */
  replace(accountId: number, ids: number[]): Promise<void>;
  /** Ids in the page's bounds, newest first (for min_id: the ones just above it, still newest first). */
  range(accountId: number, page: Page): Promise<number[]>;
  /** Adds the id to every listed feed that is built; others are left unbuilt. */
  addToBuilt(accountIds: number[], statusId: number): Promise<void>;
  remove(accountIds: number[], statusId: number): Promise<void>;
  /** Removes, from each feed named, the ids listed for it (a mass suspension's posts). */
  removeEach(byFeed: Map<number, number[]>): Promise<void>;
  drop(accountId: number): Promise<void>;
  /** Drops every feed (each is rebuilt from SQL at its owner's next read). */
  dropAll(): Promise<void>;
  /** Authors merged at read time instead of fanned out (only ever grows). */
  celebrities(): Promise<number[]>;
  addCelebrity(accountId: number): Promise<void>;
}

/**
 * Feeds in this process's memory, for the embedded mode. Memory is bounded: at most
 * `maxFeeds` feeds of at most `cap` ids; the least recently used feed is dropped first and is
 * rebuilt from SQL if its owner comes back.
 */
export class MemoryFeedCache implements FeedCache {
  private feeds = new Map<number, number[]>();
  private stars = new Set<number>();

  constructor(
    private readonly cap: number,
    private readonly maxFeeds = 20_000,
  ) {}

  private touch(accountId: number): number[] | undefined {
    const feed = this.feeds.get(accountId);
    if (feed) {
      // Map keeps insertion order: re-inserting marks the feed most recently used.
      this.feeds.delete(accountId);
      this.feeds.set(accountId, feed);
    }
    return feed;
  }

  async info(accountId: number) {
    const feed = this.touch(accountId);
    return { built: !!feed, size: feed?.length ?? 0 };
  }

  async read(accountId: number, page: Page): Promise<FeedRead> {
    const feed = this.touch(accountId);
    return { built: !!feed, size: feed?.length ?? 0, ids: feed ? pageOf(feed, page) : [], celebrities: [...this.stars] };
  }

  async replace(accountId: number, ids: number[]) {
    this.feeds.delete(accountId);
    this.feeds.set(accountId, ids.slice(0, this.cap));
    while (this.feeds.size > this.maxFeeds) this.feeds.delete(this.feeds.keys().next().value!);
  }

  async range(accountId: number, page: Page) {
    return pageOf(this.touch(accountId) ?? [], page);
  }

  async addToBuilt(accountIds: number[], statusId: number) {
    for (const accountId of accountIds) {
      const feed = this.feeds.get(accountId);
      if (!feed || feed.includes(statusId)) continue;
      // Nearly always the newest: insert at the front, else at its place.
      let i = 0;
      while (i < feed.length && feed[i] > statusId) i++;
      feed.splice(i, 0, statusId);
      if (feed.length > this.cap) feed.length = this.cap;
    }
  }

  async remove(accountIds: number[], statusId: number) {
    for (const accountId of accountIds) {
      const feed = this.feeds.get(accountId);
      const i = feed ? feed.indexOf(statusId) : -1;
      if (feed && i >= 0) feed.splice(i, 1);
    }
  }

  async removeEach(byFeed: Map<number, number[]>) {
    for (const [accountId, ids] of byFeed) {
      const feed = this.feeds.get(accountId);
      if (!feed) continue;
      const gone = new Set(ids);
      const kept = feed.filter((id) => !gone.has(id));
      if (kept.length !== feed.length) this.feeds.set(accountId, kept);
    }
  }

  async drop(accountId: number) {
    this.feeds.delete(accountId);
  }

  async dropAll() {
    this.feeds.clear();
  }

  async celebrities() {
    return [...this.stars];
  }

  async addCelebrity(accountId: number) {
    this.stars.add(accountId);
  }
}

/** The ids of a feed (newest first) that fall on a page. */
function pageOf(feed: number[], page: Page): number[] {
  const below = page.maxId ?? Infinity;
  if (page.minId !== undefined) {
    const above = feed.filter((id) => id > page.minId! && id < below);
    return above.slice(-page.limit);
  }
  const after = page.sinceId ?? 0;
  const out: number[] = [];
  for (const id of feed) {
    if (id >= below) continue;
    if (id <= after || out.length >= page.limit) break;
    out.push(id);
  }
  return out;
}
