// The read pipeline's last two steps for statuses: hydrate (batch-load authors, mentions, tags,
// the viewer's own favourites/bookmarks/reblogs, a few queries per page, never one per row),
// then present Mastodon's Status entity.
import type { Kysely } from 'kysely';
import type { AccountRow, Database, StatusRow } from '../db/schema.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { findAccountsByIds } from '../accounts/store.js';
import * as store from './store.js';
import type { MediaService } from '../media/service.js';

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
  ) {}

  async present(rows: StatusRow[], viewerId?: number): Promise<StatusJson[]> {
    const originals = await store.findStatusesByIds(this.db, rows.map((r) => r.reblog_of_id).filter((id): id is number => id !== null));
    const byId = new Map<number, StatusRow>([...rows, ...originals].map((r) => [r.id, r]));
    const all = [...byId.values()];
    const ids = all.map((s) => s.id);
    // Everything a page needs in one parallel round (on PostgreSQL each query is a round trip);
    // only accounts mentioned but not among the authors need a second one.
    const authorIds = [...new Set(all.map((s) => s.account_id))];
    const none = Promise.resolve(new Set<number>());
    const [mentions, tags, media, authors, favourited, bookmarked, reblogged] = await Promise.all([
      store.mentionedAccountIds(this.db, ids),
      store.tagsOfStatuses(this.db, ids),
      this.media ? this.media.ofStatuses(ids) : new Map<number, unknown[]>(),
      findAccountsByIds(this.db, authorIds),
      viewerId === undefined ? none : store.favouritedAmong(this.db, viewerId, ids),
      viewerId === undefined ? none : store.bookmarkedAmong(this.db, viewerId, ids),
      viewerId === undefined ? none : store.rebloggedAmong(this.db, viewerId, ids),
    ]);
    const missing = [...new Set(mentions.map((m) => m.account_id))].filter((id) => !authorIds.includes(id));
    const accounts = missing.length ? [...authors, ...(await findAccountsByIds(this.db, missing))] : authors;
    const accountById = new Map(accounts.map((a) => [a.id, a]));
    const accountJson = new Map<number, AccountJson>(accounts.map((a) => [a.id, presentAccount(a, this.publicUrl)]));

    const mentionsOf = group(mentions, (m) => m.status_id);
    const tagsOf = group(tags, (t) => t.status_id);

    const build = (row: StatusRow): StatusJson | null => {
      const author = accountJson.get(row.account_id);
      if (!author || accountById.get(row.account_id)?.suspended_at) return null;
      let reblog: StatusJson | null = null;
      if (row.reblog_of_id !== null) {
        const original = byId.get(row.reblog_of_id);
        reblog = original ? build(original) : null;
        if (!reblog) return null;
      }
      const url = `${this.publicUrl}/@${author.username}/${row.id}`;
      const json: StatusJson = {
        id: String(row.id),
        uri: `${this.publicUrl}/users/${author.username}/statuses/${row.id}`,
        url: reblog ? null : url,
        created_at: new Date(row.created_at).toISOString(),
        edited_at: row.edited_at ? new Date(row.edited_at).toISOString() : null,
        account: author,
        content: reblog ? '' : row.content,
        visibility: row.visibility,
        sensitive: row.sensitive === 1,
        spoiler_text: row.spoiler_text,
        media_attachments: reblog ? [] : (media.get(row.id) ?? []),
        application: null,
        mentions: (mentionsOf.get(row.id) ?? []).flatMap((m) => {
          const a = accountById.get(m.account_id);
          return a ? [{ id: String(a.id), username: a.username, acct: a.username, url: `${this.publicUrl}/@${a.username}` }] : [];
        }),
        // Shown as first written (ة stays ة); name_key is only for matching.
        tags: (tagsOf.get(row.id) ?? []).map((t) => ({ name: t.name, url: `${this.publicUrl}/tags/${encodeURIComponent(t.name)}` })),
        emojis: [],
        reblogs_count: row.reblogs_count,
        favourites_count: row.favourites_count,
        replies_count: row.replies_count,
        in_reply_to_id: row.in_reply_to_id === null ? null : String(row.in_reply_to_id),
        in_reply_to_account_id: row.in_reply_to_account_id === null ? null : String(row.in_reply_to_account_id),
        reblog,
        poll: null,
        card: null,
        language: row.language,
        filtered: [],
      };
      if (viewerId !== undefined) {
        const target = row.reblog_of_id ?? row.id;
        json.favourited = favourited.has(target);
        json.reblogged = reblogged.has(target);
        json.bookmarked = bookmarked.has(target);
        json.muted = false;
        json.pinned = false;
      }
      return json;
    };

    return rows.map(build).filter((s): s is StatusJson => s !== null);
  }

  async presentOne(row: StatusRow, viewerId?: number): Promise<StatusJson | undefined> {
    return (await this.present([row], viewerId))[0];
  }
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
