// The read pipeline's last two steps for statuses: hydrate (authors, mentions, tags and media
// from the render cache or in a few batch queries, never one per row; the viewer's own
// favourites/bookmarks/reblogs always from the database), then present Mastodon's Status entity.
import type { Kysely } from 'kysely';
import type { AccountRow, Database, StatusRow } from '../db/schema.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { findAccountsByIds } from '../accounts/store.js';
import * as store from './store.js';
import type { MediaService } from '../media/service.js';
import { RenderCache, type CachedAccount, type MaybePromise, type RecentMarks, type StatusExtras } from './render-cache.js';
import { SlabAllocator } from '../lib/slab.js';

/** Each viewer's newest marks of each kind kept in the render cache (older ones: per page). */
const RECENT_MARKS_LIMIT = 500;

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
    private readonly marksLimit = RECENT_MARKS_LIMIT,
  ) {}

  /**
   * Statuses by id, in the order given, as a JSON array in UTF-8; ids that no longer exist are
   * skipped. Timelines come this way: from a warm cache a page costs only the viewer's own marks
   * from the database, and is copied together from bytes cached beside the rows.
   */
  async presentIdsAsJson(ids: number[], viewerId?: number): Promise<Buffer> {
    const found = await this.rows(ids);
    const rows: StatusRow[] = [];
    for (const id of ids) {
      const row = found.get(id);
      if (row) rows.push(row);
    }
    const page = await this.hydrate(rows, viewerId, false);
    // Extras only go into a status's encoded head: needed just for rows without a current one.
    let headless: StatusRow[] | undefined;
    for (const row of page.byId.values()) {
      const author = page.authors.get(row.account_id);
      if (author !== undefined && statusHeads.get(row)?.author !== author.json) (headless ??= []).push(row);
    }
    if (headless) page.extras = await this.extras(headless);
    const parts: Buffer[] = [OPEN_ARRAY];
    for (const row of rows) {
      const status = this.toParts(row, page);
      if (!status) continue;
      if (parts.length > 1) parts.push(COMMA);
      for (const part of status) parts.push(part);
    }
    parts.push(CLOSE_ARRAY);
    return concatJson(parts);
  }

  async present(rows: StatusRow[], viewerId?: number): Promise<StatusJson[]> {
    const page = await this.hydrate(rows, viewerId);
    return rows.map((row) => this.toJson(row, page)).filter((s): s is StatusJson => s !== null);
  }

  async presentOne(row: StatusRow, viewerId?: number): Promise<StatusJson | undefined> {
    return (await this.present([row], viewerId))[0];
  }

  private async hydrate(rows: StatusRow[], viewerId?: number, withExtras = true): Promise<Hydrated> {
    const byId = new Map<number, StatusRow>();
    let reblogged: number[] | undefined;
    for (const row of rows) {
      byId.set(row.id, row);
      if (row.reblog_of_id !== null) (reblogged ??= []).push(row.reblog_of_id);
    }
    if (reblogged) for (const original of (await this.rows(reblogged)).values()) byId.set(original.id, original);
    const statuses = [...byId.values()];
    const authorIds = new Set<number>();
    for (const status of statuses) authorIds.add(status.account_id);
    // All three start before any is awaited: on a cache miss their queries run side by side
    // (on PostgreSQL each is a round trip); on a hit none of them is a promise at all.
    const extras = withExtras ? this.extras(statuses) : new Map<number, StatusExtras>();
    const authors = this.accounts([...authorIds]);
    const marks = viewerId === undefined ? undefined : this.marks(viewerId, [...byId.keys()]);
    if (extras instanceof Promise || authors instanceof Promise || marks instanceof Promise) {
      // Together, so that one failing never leaves another's rejection unhandled.
      const [loadedExtras, loadedAuthors, loadedMarks] = await Promise.all([extras, authors, marks]);
      return { byId, extras: loadedExtras, authors: loadedAuthors, marks: loadedMarks };
    }
    return { byId, extras, authors, marks };
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
  private render<T>(row: StatusRow, page: Hydrated, build: (row: StatusRow, author: CachedAccount, reblog: T | null) => T): T | null {
    const author = page.authors.get(row.account_id);
    if (!author || author.row.suspended_at) return null;
    let reblog: T | null = null;
    if (row.reblog_of_id !== null) {
      const original = page.byId.get(row.reblog_of_id);
      reblog = original ? this.render(original, page, build) : null;
      if (!reblog) return null;
    }
    return build(row, author, reblog);
  }

  private toJson(row: StatusRow, page: Hydrated): StatusJson | null {
    return this.render<StatusJson>(row, page, (status, author, reblog) => {
      const json: StatusJson = { ...this.body(status, author, page.extras.get(status.id)), account: author.json, reblog };
      return page.marks ? Object.assign(json, marksOf(status, page.marks)) : json;
    });
  }

  /**
   * toJson's result as JSON pieces: a head encoded once per cached row and author (everything up
   * to the reblog), the reblogged status's pieces, and one of the prebuilt marks tails.
   */
  private toParts(row: StatusRow, page: Hydrated): Buffer[] | null {
    return this.render<Buffer[]>(row, page, (status, author, reblog) => {
      const tail = page.marks ? marksTail(status, page.marks) : CLOSE_OBJECT;
      return reblog ? [this.encodedHead(status, author, page), ...reblog, tail] : [this.encodedHead(status, author, page), NULL, tail];
    });
  }

  private encodedHead(row: StatusRow, author: CachedAccount, page: Hydrated): Buffer {
    const cached = statusHeads.get(row);
    if (cached?.author === author.json) return cached.bytes;
    const body = JSON.stringify(this.body(row, author, page.extras.get(row.id))).slice(0, -1);
    const bytes = Buffer.from(`${body},"account":${JSON.stringify(author.json)},"reblog":`);
    statusHeads.set(row, { author: author.json, bytes });
    return bytes;
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
      }
      return marks;
    });
  }

  /** Status rows by id, from the cache or the database (missing ids are absent from the map). */
  private rows(ids: number[]): MaybePromise<Map<number, StatusRow>> {
    return this.cache.readThrough('status', ids, async (missing) => {
      const rows = await store.findStatusesByIds(this.db, missing);
      // The plain and the search form are never shown; they need not take up cache memory.
      return new Map(rows.map((row) => [row.id, { ...row, search_text: '', text: '' }]));
    });
  }

  /** Presented authors by account id, from the cache or the database. */
  private accounts(ids: number[]): MaybePromise<Map<number, CachedAccount>> {
    return this.cache.readThrough('account', ids, async (missing) => {
      const rows = await findAccountsByIds(this.db, missing);
      return new Map(rows.map((row) => [row.id, { row, json: deepFreeze(presentAccount(row, this.publicUrl)) }]));
    });
  }

  /** Mentions, tags and media: fixed once a status is posted, so cached until it is deleted. */
  private extras(rows: StatusRow[]): MaybePromise<Map<number, StatusExtras>> {
    const posts = rows.filter((row) => row.reblog_of_id === null).map((row) => row.id);
    return this.cache.readThrough('extras', posts, async (missing) => {
      const [mentions, tags, media] = await Promise.all([
        store.mentionedAccountIds(this.db, missing),
        store.tagsOfStatuses(this.db, missing),
        this.media ? this.media.ofStatuses(missing) : new Map<number, unknown[]>(),
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
          }),
        ]),
      );
    });
  }
}

type StatusBody = Omit<StatusJson, 'account' | 'reblog' | 'favourited' | 'reblogged' | 'muted' | 'bookmarked' | 'pinned'>;

interface Hydrated {
  byId: Map<number, StatusRow>;
  extras: Map<number, StatusExtras>;
  authors: Map<number, CachedAccount>;
  marks?: store.ViewerMarks;
}

/**
 * Each cached row's encoded head, with the presented author it was built with. A row or an
 * account that changes is replaced in the cache by a new object, so a head can never be stale:
 * it is found only for the same row object and used only with the same author object.
 */
const statusHeads = new WeakMap<StatusRow, { author: AccountJson; bytes: Buffer }>();

const OPEN_ARRAY = Buffer.from('[');
const CLOSE_ARRAY = Buffer.from(']');
const COMMA = Buffer.from(',');
const NULL = Buffer.from('null');
const CLOSE_OBJECT = Buffer.from('}');

/** Timeline pages are carved out of shared slabs: see lib/slab.ts for why. */
const pageBuffers = new SlabAllocator();

/** Copies the encoded pieces into one buffer. */
function concatJson(parts: Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = pageBuffers.alloc(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

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

// The eight ways a viewer's marks can end a status, encoded: a page needs no serialising for them.
const MARKS_TAILS = Array.from({ length: 8 }, (_, bits) => {
  const [favourited, reblogged, bookmarked] = [1, 2, 4].map((bit) => (bits & bit) !== 0);
  return Buffer.from(`,${JSON.stringify({ favourited, reblogged, muted: false, bookmarked, pinned: false }).slice(1, -1)}}`);
});

function marksTail(row: StatusRow, marks: store.ViewerMarks): Buffer {
  const { favourited, reblogged, bookmarked } = marksOf(row, marks);
  return MARKS_TAILS[(favourited ? 1 : 0) | (reblogged ? 2 : 0) | (bookmarked ? 4 : 0)];
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

export type { AccountRow };
