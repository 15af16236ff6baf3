// The read pipeline's last two steps for statuses: hydrate (authors, mentions, tags and media
// from the render cache or in a few batch queries, never one per row; the viewer's own
// favourites/bookmarks/reblogs always from the database), then present Mastodon's Status entity.
import type { Kysely } from 'kysely';
import type { AccountRow, Database, StatusRow } from '../db/schema.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { findAccountsByIds } from '../accounts/store.js';
import * as store from './store.js';
import type { MediaService } from '../media/service.js';
import { RenderCache, type CachedAccount, type StatusExtras } from './render-cache.js';
import { idForTime } from '../lib/ids.js';

/** Marks on statuses of the last week are kept per viewer… */
const RECENT_MARKS_DAYS = 7;
/** …unless the viewer has more than this many of a kind there (then each page asks). */
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
  ) {}

  /**
   * Statuses by id, in the order given, as a JSON array in UTF-8; ids that no longer exist are
   * skipped. Timelines come this way: from a warm cache a page costs only the viewer's own marks
   * from the database, and is copied together from bytes cached beside the rows.
   */
  async presentIdsAsJson(ids: number[], viewerId?: number): Promise<Buffer> {
    const found = await this.rows(ids);
    const rows = ids.map((id) => found.get(id)).filter((r): r is StatusRow => !!r);
    const page = await this.hydrate(rows, viewerId);
    const parts: JsonPart[] = ['['];
    for (const row of rows) {
      const status = this.toParts(row, page);
      if (!status) continue;
      if (parts.length > 1) parts.push(',');
      parts.push(...status);
    }
    parts.push(']');
    return concatJson(parts);
  }

  async present(rows: StatusRow[], viewerId?: number): Promise<StatusJson[]> {
    const page = await this.hydrate(rows, viewerId);
    return rows.map((row) => this.toJson(row, page)).filter((s): s is StatusJson => s !== null);
  }

  async presentOne(row: StatusRow, viewerId?: number): Promise<StatusJson | undefined> {
    return (await this.present([row], viewerId))[0];
  }

  private async hydrate(rows: StatusRow[], viewerId?: number): Promise<Hydrated> {
    const originals = await this.rows(rows.map((r) => r.reblog_of_id).filter((id): id is number => id !== null));
    const byId = new Map<number, StatusRow>([...originals.values(), ...rows].map((r) => [r.id, r]));
    const ids = [...byId.keys()];
    // One parallel round (on PostgreSQL each query is a round trip), most of it from the cache.
    const [extras, authors, marks] = await Promise.all([
      this.extras([...byId.values()]),
      this.accounts([...new Set([...byId.values()].map((s) => s.account_id))]),
      viewerId === undefined ? undefined : this.marks(viewerId, ids),
    ]);
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

  /** toJson's result as JSON pieces: the body and the account are encoded once per cached row. */
  private toParts(row: StatusRow, page: Hydrated): JsonPart[] | null {
    return this.render<JsonPart[]>(row, page, (status, author, reblog) => [
      this.encodedBody(status, author, page),
      ',"account":',
      accountBytesOf(author.json),
      ',"reblog":',
      ...(reblog ?? ['null']),
      page.marks ? marksTail(status, page.marks) : '}',
    ]);
  }

  private encodedBody(row: StatusRow, author: CachedAccount, page: Hydrated): Buffer {
    let body = bodyBytes.get(row);
    if (body === undefined) {
      body = Buffer.from(JSON.stringify(this.body(row, author, page.extras.get(row.id))).slice(0, -1));
      bodyBytes.set(row, body);
    }
    return body;
  }

  /**
   * The viewer's marks among these statuses: recent ones (the last RECENT_MARKS_DAYS, where
   * nearly every page is) from the cache, older ones from the database.
   */
  private async marks(viewerId: number, ids: number[]): Promise<store.ViewerMarks> {
    const cached = await this.cache.readThrough('marks', [viewerId], async () => {
      const horizon = idForTime(Date.now() - RECENT_MARKS_DAYS * 86_400_000);
      return new Map([[viewerId, { horizon, marks: await store.recentMarks(this.db, viewerId, horizon, RECENT_MARKS_LIMIT) }]]);
    });
    const { horizon, marks: known } = cached.get(viewerId)!;
    if (!known) return store.viewerMarks(this.db, viewerId, ids);
    const older = ids.filter((id) => id < horizon);
    const marks = older.length ? await store.viewerMarks(this.db, viewerId, older) : store.noMarks();
    for (const id of ids) {
      if (id < horizon) continue;
      if (known.favourited.has(id)) marks.favourited.add(id);
      if (known.bookmarked.has(id)) marks.bookmarked.add(id);
      if (known.reblogged.has(id)) marks.reblogged.add(id);
    }
    return marks;
  }

  /** Status rows by id, from the cache or the database (missing ids are absent from the map). */
  private rows(ids: number[]): Promise<Map<number, StatusRow>> {
    return this.cache.readThrough('status', ids, async (missing) => {
      const rows = await store.findStatusesByIds(this.db, missing);
      // The plain and the search form are never shown; they need not take up cache memory.
      return new Map(rows.map((row) => [row.id, { ...row, search_text: '', text: '' }]));
    });
  }

  /** Presented authors by account id, from the cache or the database. */
  private accounts(ids: number[]): Promise<Map<number, CachedAccount>> {
    return this.cache.readThrough('account', ids, async (missing) => {
      const rows = await findAccountsByIds(this.db, missing);
      return new Map(rows.map((row) => [row.id, { row, json: deepFreeze(presentAccount(row, this.publicUrl)) }]));
    });
  }

  /** Mentions, tags and media: fixed once a status is posted, so cached until it is deleted. */
  private extras(rows: StatusRow[]): Promise<Map<number, StatusExtras>> {
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

// Encoded forms, keyed by the cached objects themselves: a row or an account that changes is
// replaced in the cache by a new object, so its bytes can never be stale.
const bodyBytes = new WeakMap<StatusRow, Buffer>();
const accountBytes = new WeakMap<AccountJson, Buffer>();

function accountBytesOf(account: AccountJson): Buffer {
  let bytes = accountBytes.get(account);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(account));
    accountBytes.set(account, bytes);
  }
  return bytes;
}

/** Pieces of a JSON document: encoded bytes, or punctuation and marks (ASCII only). */
type JsonPart = Buffer | string;

/** Copies the pieces into one buffer: no re-encoding of what was encoded before. */
function concatJson(parts: JsonPart[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const part of parts) offset += typeof part === 'string' ? out.write(part, offset, 'latin1') : part.copy(out, offset);
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

// The eight ways a viewer's marks can end a status, as text: a page needs no serialising for them.
const MARKS_TAILS = Array.from({ length: 8 }, (_, bits) => {
  const [favourited, reblogged, bookmarked] = [1, 2, 4].map((bit) => (bits & bit) !== 0);
  return `,${JSON.stringify({ favourited, reblogged, muted: false, bookmarked, pinned: false }).slice(1, -1)}}`;
});

function marksTail(row: StatusRow, marks: store.ViewerMarks): string {
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
