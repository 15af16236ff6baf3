// Scheduled statuses (Mastodon's scheduled_at and /api/v1/scheduled_statuses): a post checked as
// any new post is when it is scheduled, kept with its media, and published when due by
// publisher.ts. Mastodon's limits: at least five minutes ahead, 300 waiting, 25 on one day.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Page } from '../http/pagination.js';
import { notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import type { MediaJson, MediaService } from '../media/service.js';
import type { NewPost, PostService } from '../posts/service.js';
import * as store from './store.js';

type Db = Kysely<Database>;

export const MIN_LEAD_MS = 5 * 60_000;
export const MAX_WAITING = 300;
export const MAX_PER_DAY = 25;

export interface ScheduledStatusJson {
  id: string;
  scheduled_at: string;
  params: {
    text: string;
    poll: { options: string[]; expires_in: number; multiple: boolean; hide_totals: boolean } | null;
    media_ids: string[] | null;
    sensitive: boolean | null;
    spoiler_text: string | null;
    visibility: string;
    in_reply_to_id: string | null;
    language: string | null;
    application_id: number | null;
    scheduled_at: null;
    idempotency: string | null;
    with_rate_limit: boolean;
  };
  media_attachments: MediaJson[];
}

/** Parses scheduled_at as Rails would (ISO 8601); undefined when it is not a time. */
export function parseScheduledAt(value: string): number | undefined {
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

export class ScheduledStatusService {
  constructor(
    private readonly db: Db,
    private readonly posts: PostService,
    private readonly media: MediaService,
    private readonly clock: () => number,
  ) {}

  async schedule(accountId: number, appId: number | null, post: NewPost, scheduledAt: string, idempotencyKey?: string): Promise<ScheduledStatusJson> {
    const at = await this.checkTime(accountId, scheduledAt);
    const { mediaIds, visibility, poll } = await this.posts.check(accountId, post);
    if (mediaIds.length) {
      const taken = await this.db.selectFrom('scheduled_status_media').select('media_id').where('media_id', 'in', mediaIds).execute();
      if (taken.length) throw unprocessable(`Validation failed: media ${taken[0].media_id} is already attached to a scheduled post`);
    }
    const now = this.clock();
    const row: store.ScheduledRow = {
      id: newId(now),
      account_id: accountId,
      app_id: appId,
      scheduled_at: at,
      // The poll as checked (its options trimmed, expires_in in whole seconds): it is made,
      // and its time starts, when the post is published.
      params: JSON.stringify({ ...post, visibility, media_ids: mediaIds, poll }),
      idempotency: idempotencyKey ?? null,
      claimed_at: null,
      created_at: now,
    };
    await store.insertScheduled(this.db, row, mediaIds);
    return this.present(accountId, row, mediaIds);
  }

  async list(accountId: number, page: Page): Promise<{ statuses: ScheduledStatusJson[]; cursors: number[] }> {
    const rows = await store.scheduledPage(this.db, accountId, page);
    const media = await store.scheduledMediaIds(this.db, rows.map((r) => Number(r.id)));
    const statuses = await Promise.all(rows.map((r) => this.present(accountId, r, media.get(Number(r.id)) ?? [])));
    return { statuses, cursors: rows.map((r) => Number(r.id)) };
  }

  async get(accountId: number, id: number): Promise<ScheduledStatusJson> {
    const row = await store.findScheduled(this.db, accountId, id);
    if (!row) throw notFound();
    return this.present(accountId, row, (await store.scheduledMediaIds(this.db, [id])).get(id) ?? []);
  }

  async update(accountId: number, id: number, scheduledAt: string | undefined): Promise<ScheduledStatusJson> {
    const row = await store.findScheduled(this.db, accountId, id);
    if (!row) throw notFound();
    if (scheduledAt !== undefined) {
      row.scheduled_at = await this.checkTime(accountId, scheduledAt, id);
      await store.reschedule(this.db, id, row.scheduled_at);
    }
    return this.present(accountId, row, (await store.scheduledMediaIds(this.db, [id])).get(id) ?? []);
  }

  async remove(accountId: number, id: number): Promise<void> {
    const row = await store.findScheduled(this.db, accountId, id);
    if (!row || !(await store.deleteScheduled(this.db, id))) throw notFound();
  }

  private async checkTime(accountId: number, scheduledAt: string, rescheduling?: number): Promise<number> {
    const at = parseScheduledAt(scheduledAt);
    if (at === undefined) throw unprocessable('Validation failed: Scheduled at is not a valid time');
    if (at < this.clock() + MIN_LEAD_MS) throw unprocessable('Validation failed: Scheduled at The scheduled date must be in the future');
    const dayStart = at - (at % 86_400_000);
    // A post being moved does not count against itself.
    const counts = await store.countScheduled(this.db, accountId, dayStart, rescheduling);
    if (counts.total >= MAX_WAITING || counts.thatDay >= MAX_PER_DAY) {
      throw unprocessable('Validation failed: You have exceeded the limit of scheduled posts');
    }
    return at;
  }

  private async present(accountId: number, row: store.ScheduledRow, mediaIds: number[]): Promise<ScheduledStatusJson> {
    const post = JSON.parse(row.params) as NewPost & { media_ids?: number[] };
    const media = await Promise.all(mediaIds.map((id) => this.media.get(accountId, id).catch(() => undefined)));
    return {
      id: String(row.id),
      scheduled_at: new Date(Number(row.scheduled_at)).toISOString(),
      params: {
        text: post.status ?? '',
        poll: post.poll ? { options: post.poll.options ?? [], expires_in: Number(post.poll.expires_in), multiple: post.poll.multiple === true, hide_totals: post.poll.hide_totals === true } : null,
        media_ids: mediaIds.length ? mediaIds.map(String) : null,
        sensitive: post.sensitive ?? null,
        spoiler_text: post.spoiler_text ?? null,
        visibility: post.visibility ?? 'public',
        in_reply_to_id: post.in_reply_to_id === undefined ? null : String(post.in_reply_to_id),
        language: post.language ?? null,
        application_id: row.app_id === null ? null : Number(row.app_id),
        scheduled_at: null,
        idempotency: row.idempotency,
        with_rate_limit: false,
      },
      media_attachments: media.filter((m): m is MediaJson => m !== undefined),
    };
  }
}
