import type { Page } from '../http/pagination.js';
import { hashtagKey } from '../lib/arabic.js';
import type { StatusPresenter } from '../posts/presenter.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountTimelineOptions, PublicOptions, TimelineStore } from './store.js';
import { normalizeLink } from '../trends/links.js';
import { notFound } from '../http/errors.js';

export interface TimelinePage {
  /** The page's statuses as a JSON array in UTF-8, ready to send. */
  statusesJson: Buffer;
  /** The cursor ids of the page (status ids), newest first, for the Link header. */
  cursors: number[];
}

export class TimelineService {
  constructor(
    private readonly store: TimelineStore,
    private readonly presenter: StatusPresenter,
    private readonly accounts: AccountService,
  ) {}

  private async hydrate(ids: number[], viewerId?: number): Promise<TimelinePage> {
    return { statusesJson: await this.presenter.presentIdsAsJson(ids, viewerId), cursors: ids };
  }

  async homeTimeline(viewerId: number, page: Page): Promise<TimelinePage> {
    return this.hydrate(await this.store.home(viewerId, page), viewerId);
  }

  async publicTimeline(page: Page, viewerId?: number, options?: PublicOptions): Promise<TimelinePage> {
    return this.hydrate(await this.store.publicTimeline(page, viewerId, options), viewerId);
  }

  /** Mastodon's link timeline (posts sharing a trending link); not found for a link nobody shared. */
  async linkTimeline(url: string, page: Page, viewerId?: number): Promise<TimelinePage> {
    const link = normalizeLink(url);
    const found = link === undefined ? undefined : await this.store.link(link, page, viewerId);
    if (found === undefined) throw notFound();
    return this.hydrate(found, viewerId);
  }

  async tagTimeline(tag: string, page: Page, viewerId?: number, options?: PublicOptions): Promise<TimelinePage> {
    const { ids, scannedTo } = await this.store.tag(hashtagKey(tag), page, viewerId, options);
    const hydrated = await this.hydrate(ids, viewerId);
    // A page cut short by the scan's bound: its Link points past what was scanned, not back into it.
    if (scannedTo !== undefined) hydrated.cursors = page.minId !== undefined ? [scannedTo, ...ids] : [...ids, scannedTo];
    return hydrated;
  }

  async accountTimeline(accountId: number, page: Page, options: AccountTimelineOptions): Promise<TimelinePage> {
    await this.accounts.requireAccount(accountId);
    const tagKey = options.tagKey ? hashtagKey(options.tagKey) : undefined;
    return this.hydrate(await this.store.account(accountId, page, { ...options, tagKey }), options.viewerId);
  }
}
