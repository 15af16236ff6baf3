// The read pipeline's last step for statuses: Mastodon's Status entity, rendered one way only,
// as JSON pieces joined into a page (posts/status-bytes.ts): a warm timeline page is copied
// together from heads encoded in the render cache's entries; any other page is hydrated first
// (posts/hydrator.ts), and answers that embed statuses as objects parse such a page.
import type { Kysely } from 'kysely';
import type { AccountRow, Database, StatusRow } from '../db/schema.js';
import type { AccountJson } from '../accounts/presenter.js';
import type * as store from './store.js';
import type { MediaJson, MediaService } from '../media/service.js';
import { RenderCache, type CachedAccount, type CachedStatus, type StatusExtras } from './render-cache.js';
import { StatusHydrator } from './hydrator.js';
import { concatParts, encodeHead, headOf, joinPage, pageParts, type PageSource } from './status-bytes.js';
import { RepeatPages } from './repeat-pages.js';
import type { FilterResultJson } from '../filters/matcher.js';
import type { PreviewCardJson } from '../http/entities/preview-card.js';
import { pollRenderedUntil, sharedPoll, type PollJson } from '../polls/presenter.js';

export interface StatusJson {
  id: string;
  uri: string;
  url: string | null;
  created_at: string;
  edited_at: string | null;
  account: AccountJson;
  content: string;
  text?: string;
  visibility: string;
  sensitive: boolean;
  spoiler_text: string;
  media_attachments: unknown[];
  application: { name: string; website: null } | null;
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
  emojis: never[];
  reblogs_count: number;
  favourites_count: number;
  replies_count: number;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: StatusJson | null;
  poll: PollJson | null;
  card: PreviewCardJson | null;
  language: string | null;
  /** Always [] from here: a viewer's filter results are added after (filters/active.ts). */
  filtered: FilterResultJson[];
  favourited?: boolean;
  reblogged?: boolean;
  muted?: boolean;
  bookmarked?: boolean;
  pinned?: boolean;
}

export class StatusPresenter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly publicUrl: string,
    private readonly media?: MediaService,
    readonly cache: RenderCache = new RenderCache(),
    /** How many of each viewer's newest marks of each kind the cache keeps. */
    marksLimit?: number,
  ) {
    this.hydrator = new StatusHydrator(db, publicUrl, media, cache, marksLimit);
  }

  private readonly hydrator: StatusHydrator;
  private readonly repeatPages = new RepeatPages();

  /**
   * Statuses by id, in the order given, as a JSON array in UTF-8; ids that no longer exist are
   * skipped. Timelines come this way: a warm page is copied together from the heads kept in the
   * rows' cache entries, without a database read or a promise.
   */
  async presentIdsAsJson(ids: number[], viewerId?: number): Promise<Buffer> {
    return this.pageFromCache(ids, viewerId) ?? (await this.pageHydrated(ids, viewerId));
  }

  /** Statuses as objects, for answers that embed them; rendered as pages are, then parsed. */
  async present(rows: StatusRow[], viewerId?: number, options: { evenSuspended?: boolean } = {}): Promise<StatusJson[]> {
    const page = await this.render(rows.map((row) => this.entryOf(row)), viewerId, options.evenSuspended);
    return JSON.parse(page.toString()) as StatusJson[];
  }

  async presentOne(row: StatusRow, viewerId?: number): Promise<StatusJson | undefined> {
    return (await this.present([row], viewerId))[0];
  }

  /**
   * The cached entry of a row read by the caller if it holds the same row (then its encoded
   * head serves), else a new entry for it (the caller may have read it before or after the
   * cached one: the cache is not changed by it).
   */
  private entryOf(row: StatusRow): CachedStatus {
    const cached = this.cache.peek('status', row.id);
    return cached !== undefined && sameRow(cached.row, row) ? cached : this.hydrator.entry(row);
  }

  /**
   * A page from the render cache alone, in one pass with little garbage (a popular page is read
   * thousands of times a second): undefined as soon as anything is not cached (a row, an author,
   * a head encoded from the current versions of both, or the viewer's marks for a status older
   * than their horizon), and the page is then hydrated, which loads what is missing.
   */
  pageFromCache(ids: number[], viewerId?: number): Buffer | undefined {
    const cache = this.cache;
    let horizon = 0;
    let marks: store.ViewerMarks | undefined;
    if (viewerId !== undefined) {
      const recent = cache.peek('marks', viewerId);
      if (recent === undefined) return undefined;
      ({ horizon, marks } = recent);
    }
    const statuses: CachedStatus[] = [];
    for (const id of ids) {
      const status = cache.peek('status', id);
      if (status === undefined || (status.row.reblog_of_id ?? id) < horizon) return undefined;
      statuses.push(status);
    }
    const source = new CacheSource(cache, marks, this.now(), viewerId);
    const parts = pageParts(statuses, source);
    if (parts === undefined) return undefined;
    const json = viewerId === undefined ? concatParts(parts) : this.repeatPages.bytesOf(viewerId, parts);
    cache.countHits('status', statuses.length + source.statusHits);
    cache.countHits('account', source.authorHits);
    if (viewerId !== undefined) cache.countHits('marks', 1);
    return json;
  }

  private async pageHydrated(ids: number[], viewerId?: number): Promise<Buffer> {
    const found = await this.hydrator.rows(ids);
    const statuses: CachedStatus[] = [];
    for (const id of ids) {
      const status = found.get(id);
      if (status) statuses.push(status);
    }
    return this.render(statuses, viewerId);
  }

  /** A page of these statuses, loading whatever they need; heads not encoded yet are encoded. */
  private async render(statuses: CachedStatus[], viewerId?: number, evenSuspended = false): Promise<Buffer> {
    const page = await this.hydrator.hydrate(statuses, viewerId);
    // The page keeps the heads it renders with: another request may re-encode a status for a
    // reloaded author while this one waits for extras, and the page must not depend on that.
    const heads = new Map<number, Buffer>();
    const headless: CachedStatus[] = [];
    const now = this.now();
    for (const status of page.byId.values()) {
      const author = page.authors.get(status.row.account_id);
      if (author === undefined) continue;
      const head = headOf(status, author, now);
      if (head) heads.set(status.row.id, head);
      else headless.push(status);
    }
    // Extras only go into a status's encoded head: needed just for statuses without a current one.
    if (headless.length) {
      const extras = await this.hydrator.extras(headless.map((status) => status.row));
      for (const status of headless) {
        const author = page.authors.get(status.row.account_id)!;
        const extra = extras.get(status.row.id);
        const media = this.mediaOf(status.row, extra, now);
        const poll = status.row.reblog_of_id === null ? extra?.poll : undefined;
        const body = this.body(status.row, author, extra, media.json);
        const until = poll === undefined ? media.until : Math.min(media.until, pollRenderedUntil(poll, now));
        heads.set(status.row.id, encodeHead(status, author, body, until, poll && sharedPoll(poll, now)));
      }
    }
    const json = joinPage(statuses, {
      status: (id) => page.byId.get(id) ?? null,
      author: (id) => page.authors.get(id) ?? null,
      head: (status) => heads.get(status.row.id),
      marks: page.marks,
      viewerId,
      evenSuspended,
    });
    if (json === undefined) throw new Error('a status head was missing after hydration');
    return json;
  }

  /** The clock media links are signed by and polls end by. */
  private now(): number {
    return this.media ? this.media.now() : Date.now();
  }

  /** A status's media as shown at `now`, and until when that may be served (MediaService.presentInStatus). */
  private mediaOf(row: StatusRow, extra: StatusExtras | undefined, now: number): { json: MediaJson[]; until: number } {
    const rows = row.reblog_of_id === null ? (extra?.media ?? []) : [];
    if (rows.length === 0 || !this.media) return { json: [], until: Infinity };
    return this.media.presentInStatus(rows, row.visibility, now);
  }

  /** A status's JSON but for the author, the reblogged status and the viewer's marks. */
  private body(row: StatusRow, author: CachedAccount, extra: StatusExtras | undefined, media: MediaJson[]): StatusBody {
    const isReblog = row.reblog_of_id !== null;
    const username = author.row.username;
    return {
      id: String(row.id),
      uri: `${this.publicUrl}/users/${username}/statuses/${row.id}`,
      url: isReblog ? null : `${this.publicUrl}/@${username}/${row.id}`,
      created_at: new Date(row.created_at).toISOString(),
      edited_at: row.edited_at ? new Date(row.edited_at).toISOString() : null,
      content: isReblog ? '' : row.content,
      visibility: row.visibility,
      // A moderator marked the author sensitive: every post of theirs shows so (Mastodon's
      // `account.sensitized? || status.sensitive`). The head is re-encoded when the author changes.
      sensitive: row.sensitive === 1 || author.row.sensitized_at != null,
      spoiler_text: row.spoiler_text,
      media_attachments: media,
      application: null,
      mentions: extra?.mentions ?? [],
      tags: extra?.tags ?? [],
      emojis: [],
      reblogs_count: row.reblogs_count,
      favourites_count: row.favourites_count,
      replies_count: row.replies_count,
      in_reply_to_id: row.in_reply_to_id === null ? null : String(row.in_reply_to_id),
      in_reply_to_account_id: row.in_reply_to_account_id === null ? null : String(row.in_reply_to_account_id),
      card: isReblog ? null : (extra?.card ?? null),
      language: row.language,
      filtered: [],
    };
  }
}

/** Whether two versions of a status row show the same (text and search_text are never shown). */
function sameRow(a: StatusRow, b: StatusRow): boolean {
  for (const key of Object.keys(b) as (keyof StatusRow)[]) {
    if (key !== 'text' && key !== 'search_text' && a[key] !== b[key]) return false;
  }
  return true;
}

/** Without `poll` too: it follows the account in the head (status-bytes.ts encodeHead). */
type StatusBody = Omit<StatusJson, 'account' | 'poll' | 'reblog' | 'favourited' | 'reblogged' | 'muted' | 'bookmarked' | 'pinned'>;

/**
 * A warm page's source: the render cache alone (anything not cached is undefined), with the
 * lookups counted for /metrics once the page is made.
 */
class CacheSource implements PageSource {
  statusHits = 0;
  authorHits = 0;
  constructor(
    private readonly cache: RenderCache,
    readonly marks: store.ViewerMarks | undefined,
    private readonly now: number,
    readonly viewerId?: number,
  ) {}

  status(id: number): CachedStatus | undefined {
    const status = this.cache.peek('status', id);
    if (status !== undefined) this.statusHits++;
    return status;
  }

  author(id: number): CachedAccount | undefined {
    const author = this.cache.peek('account', id);
    if (author !== undefined) this.authorHits++;
    return author;
  }

  head(status: CachedStatus, author: CachedAccount): Buffer | undefined {
    return headOf(status, author, this.now);
  }
}

export type { AccountRow };
