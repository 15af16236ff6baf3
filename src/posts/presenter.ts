// The read pipeline's last step for statuses: Mastodon's Status entity, from rows hydrated by
// posts/hydrator.ts, as objects or (for timelines) as a JSON page copied together from bytes
// cached beside the rows (posts/status-bytes.ts).
import type { Kysely } from 'kysely';
import type { AccountRow, Database, StatusRow } from '../db/schema.js';
import type { AccountJson } from '../accounts/presenter.js';
import type * as store from './store.js';
import type { MediaService } from '../media/service.js';
import { RenderCache, type CachedAccount, type CachedValues, type StatusExtras } from './render-cache.js';
import { StatusHydrator, type Hydrated, type RenderSource } from './hydrator.js';
import { CLOSE_ARRAY, CLOSE_OBJECT, COMMA, NULL, OPEN_ARRAY, concatParts, currentHead, marksTail, storeHead } from './status-bytes.js';

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
  poll: null;
  card: null;
  language: string | null;
  filtered: never[];
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

  /**
   * Statuses by id, in the order given, as a JSON array in UTF-8; ids that no longer exist are
   * skipped. Timelines come this way: a warm page is copied together from bytes cached beside
   * the rows, without a database read or a promise.
   */
  async presentIdsAsJson(ids: number[], viewerId?: number): Promise<Buffer> {
    return this.pageFromCache(ids, viewerId) ?? (await this.pageHydrated(ids, viewerId));
  }

  /**
   * A page from the render cache alone, in one pass with little garbage (a popular page is read
   * thousands of times a second): undefined as soon as anything is not cached (a row, an author,
   * an encoded head, or the viewer's marks for a status older than their horizon), and the page
   * is then hydrated, which loads what is missing.
   */
  private pageFromCache(ids: number[], viewerId?: number): Buffer | undefined {
    const cache = this.cache;
    let horizon = 0;
    let marks: store.ViewerMarks | undefined;
    if (viewerId !== undefined) {
      const recent = cache.peek('marks', viewerId);
      if (recent === undefined) return undefined;
      ({ horizon, marks } = recent);
    }
    const statuses = countedLookup(cache, 'status');
    const authors = countedLookup(cache, 'account');
    const rows: StatusRow[] = [];
    for (const id of ids) {
      const row = statuses.get(id);
      if (row === undefined || (row.reblog_of_id ?? row.id) < horizon) return undefined;
      rows.push(row);
    }
    const json = this.joinStatuses(rows, { byId: statuses, authors, marks });
    // A reblogged status or an author not cached would have hidden its status: hydrate instead.
    if (json === undefined || statuses.misses > 0 || authors.misses > 0) return undefined;
    cache.countHits('status', statuses.hits);
    cache.countHits('account', authors.hits);
    if (viewerId !== undefined) cache.countHits('marks', 1);
    return json;
  }

  private async pageHydrated(ids: number[], viewerId?: number): Promise<Buffer> {
    const found = await this.hydrator.rows(ids);
    const rows: StatusRow[] = [];
    for (const id of ids) {
      const row = found.get(id);
      if (row) rows.push(row);
    }
    const page = await this.hydrator.hydrate(rows, viewerId, false);
    // The page keeps the heads it renders with: another request may re-encode a row for a
    // reloaded author while this one waits for extras, and the page must not depend on that.
    const heads = new Map<StatusRow, Buffer>();
    const headless: StatusRow[] = [];
    for (const row of page.byId.values()) {
      const author = page.authors.get(row.account_id);
      if (author === undefined) continue;
      const head = currentHead(row, author.json);
      if (head) heads.set(row, head);
      else headless.push(row);
    }
    // Extras only go into a status's encoded head: needed just for rows without a current one.
    if (headless.length) {
      page.extras = await this.hydrator.extras(headless);
      for (const row of headless) {
        const author = page.authors.get(row.account_id)!;
        heads.set(row, storeHead(row, author.json, JSON.stringify(this.body(row, author, page.extras.get(row.id))).slice(0, -1)));
      }
    }
    const json = this.joinStatuses(rows, { ...page, heads });
    if (json === undefined) throw new Error('a status head was missing after hydration');
    return json;
  }

  /** The shown statuses as one JSON array; undefined if the source lacked anything they need. */
  private joinStatuses(rows: StatusRow[], source: RenderSource): Buffer | undefined {
    const parts: Buffer[] = [OPEN_ARRAY];
    for (const row of rows) {
      const status = this.toParts(row, source);
      if (source.incomplete) return undefined;
      if (!status) continue;
      if (parts.length > 1) parts.push(COMMA);
      for (const part of status) parts.push(part);
    }
    parts.push(CLOSE_ARRAY);
    return concatParts(parts);
  }

  async present(rows: StatusRow[], viewerId?: number): Promise<StatusJson[]> {
    const page = await this.hydrator.hydrate(rows, viewerId);
    return rows.map((row) => this.toJson(row, page)).filter((s): s is StatusJson => s !== null);
  }

  async presentOne(row: StatusRow, viewerId?: number): Promise<StatusJson | undefined> {
    return (await this.present([row], viewerId))[0];
  }

  /** Everything but the author, the reblogged status and the viewer's marks. */
  private body(row: StatusRow, author: CachedAccount, extra: StatusExtras | undefined): StatusBody {
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
      sensitive: row.sensitive === 1,
      spoiler_text: row.spoiler_text,
      media_attachments: isReblog ? [] : (extra?.media ?? []),
      application: null,
      mentions: extra?.mentions ?? [],
      tags: extra?.tags ?? [],
      emojis: [],
      reblogs_count: row.reblogs_count,
      favourites_count: row.favourites_count,
      replies_count: row.replies_count,
      in_reply_to_id: row.in_reply_to_id === null ? null : String(row.in_reply_to_id),
      in_reply_to_account_id: row.in_reply_to_account_id === null ? null : String(row.in_reply_to_account_id),
      poll: null,
      card: null,
      language: row.language,
      filtered: [],
    };
  }

  /**
   * What both renderings share: a status is shown only with its author (not gone or suspended)
   * and, for a reblog, with the status it reblogs (rendered first, the same way).
   */
  private render<T, S extends RenderSource>(row: StatusRow, page: S, build: (row: StatusRow, author: CachedAccount, reblog: T | null, page: S) => T): T | null {
    const author = page.authors.get(row.account_id);
    if (!author || author.row.suspended_at) return null;
    let reblog: T | null = null;
    if (row.reblog_of_id !== null) {
      const original = page.byId.get(row.reblog_of_id);
      reblog = original ? this.render(original, page, build) : null;
      if (!reblog) return null;
    }
    return build(row, author, reblog, page);
  }

  private toJson(row: StatusRow, page: Hydrated): StatusJson | null {
    return this.render<StatusJson, Hydrated>(row, page, (status, author, reblog) => {
      const json: StatusJson = { ...this.body(status, author, page.extras.get(status.id)), account: author.json, reblog };
      return page.marks ? Object.assign(json, marksOf(status, page.marks)) : json;
    });
  }

  /**
   * toJson's result as JSON pieces: the row's encoded head (everything up to the reblog), the
   * reblogged status's pieces, and one of the prebuilt marks tails. A head not encoded yet marks
   * the source incomplete.
   */
  private toParts(row: StatusRow, source: RenderSource): Buffer[] | null {
    return this.render(row, source, partsOf);
  }
}

type StatusBody = Omit<StatusJson, 'account' | 'reblog' | 'favourited' | 'reblogged' | 'muted' | 'bookmarked' | 'pinned'>;

function marksOf(row: StatusRow, marks: store.ViewerMarks) {
  const target = row.reblog_of_id ?? row.id;
  return {
    favourited: marks.favourited.has(target),
    reblogged: marks.reblogged.has(target),
    muted: false,
    bookmarked: marks.bookmarked.has(target),
    pinned: false,
  };
}

/** Lookups in the render cache for a page read from it alone, counted (hits go to /metrics). */
function countedLookup<K extends 'status' | 'account'>(cache: RenderCache, kind: K) {
  const lookup = {
    hits: 0,
    misses: 0,
    get(id: number): CachedValues[K] | undefined {
      const value = cache.peek(kind, id);
      if (value === undefined) lookup.misses++;
      else lookup.hits++;
      return value;
    },
  };
  return lookup;
}

/** A status's pieces around its reblog's; a head not encoded yet marks the source incomplete. */
function partsOf(status: StatusRow, author: CachedAccount, reblog: Buffer[] | null, source: RenderSource): Buffer[] {
  const head = source.heads?.get(status) ?? currentHead(status, author.json);
  if (head === undefined) source.incomplete = true;
  const tail = source.marks ? marksTail(status, source.marks) : CLOSE_OBJECT;
  return reblog ? [head!, ...reblog, tail] : [head!, NULL, tail];
}

export type { AccountRow };
