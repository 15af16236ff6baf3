// Publishes scheduled statuses when due, once, whichever process sees them first: a post is
// claimed by one conditional UPDATE (works alike on SQLite and PostgreSQL), published with an
// idempotency key of its own id, then removed. A publisher that dies between the two leaves a
// stale claim; after a minute another publishes again, and the key makes that the same post.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ApiError } from '../http/errors.js';
import type { NewPost, PostService } from '../posts/service.js';
import * as store from './store.js';
import { Ticker } from '../lib/ticker.js';

const TICK_MS = 1_000;
const BATCH = 50;

export class ScheduledPublisher {
  private readonly ticker = new Ticker(TICK_MS, () => this.publishDue(), 'scheduled statuses: publishing');

  constructor(
    private readonly db: Kysely<Database>,
    private readonly posts: PostService,
    private readonly clock: () => number,
  ) {}

  start(): void {
    this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Publishes what is due now; resolves to how many posts this process published. */
  async publishDue(): Promise<number> {
    const now = this.clock();
    let published = 0;
    for (const row of await store.duePosts(this.db, now, BATCH)) {
      if (!(await store.claim(this.db, Number(row.id), now))) continue;
      const post = JSON.parse(row.params) as NewPost;
      try {
        await this.posts.create(Number(row.account_id), row.app_id === null ? null : Number(row.app_id), post, `scheduled:${row.id}`);
        published++;
      } catch (error) {
        // A post that can no longer be made (the reply's parent is gone, the account cannot
        // post): dropped, as Mastodon does. Anything else stays claimed and is tried again.
        if (!(error instanceof ApiError)) throw error;
        console.error(`scheduled status ${row.id} dropped: ${error.message}`);
      }
      await store.deleteScheduled(this.db, Number(row.id));
    }
    return published;
  }
}
