import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Page } from '../http/pagination.js';
import { hashtagKey } from '../lib/arabic.js';
import { statusesInOrder } from '../posts/store.js';
import type { StatusPresenter, StatusJson } from '../posts/presenter.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountTimelineOptions, TimelineStore } from './store.js';

export interface TimelinePage {
  statuses: StatusJson[];
  /** The cursor ids of the page (status ids), newest first, for the Link header. */
  cursors: number[];
}

export class TimelineService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: TimelineStore,
    private readonly presenter: StatusPresenter,
    private readonly accounts: AccountService,
  ) {}

  private async hydrate(ids: number[], viewerId?: number): Promise<TimelinePage> {
    const rows = await statusesInOrder(this.db, ids);
    return { statuses: await this.presenter.present(rows, viewerId), cursors: ids };
  }

  async homeTimeline(viewerId: number, page: Page): Promise<TimelinePage> {
    return this.hydrate(await this.store.home(viewerId, page), viewerId);
  }

  async publicTimeline(page: Page, viewerId?: number): Promise<TimelinePage> {
    return this.hydrate(await this.store.publicTimeline(page), viewerId);
  }

  async tagTimeline(tag: string, page: Page, viewerId?: number): Promise<TimelinePage> {
    return this.hydrate(await this.store.tag(hashtagKey(tag), page), viewerId);
  }

  async accountTimeline(accountId: number, page: Page, options: AccountTimelineOptions & { pinned?: boolean }): Promise<TimelinePage> {
    await this.accounts.requireAccount(accountId);
    if (options.pinned) return { statuses: [], cursors: [] };
    const tagKey = options.tagKey ? hashtagKey(options.tagKey) : undefined;
    return this.hydrate(await this.store.account(accountId, page, { ...options, tagKey }), options.viewerId);
  }
}
