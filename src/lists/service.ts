// Mastodon's lists: CRUD, members (only accounts the owner follows, or the owner), the lists
// holding an account, and the list timeline. Writes are units of work that say `list.changed`
// (store.ts). The timeline is read from SQL with keyset paging (timelines/store.ts list): lists
// are read far less than home and hold few members, so the (account_id, id) index answers a page
// in a few milliseconds, and no cached copy has to follow membership and replies_policy changes.
import type { Kysely } from 'kysely';
import type { Database, AccountRow } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { badRequest, notFound, unprocessable } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { findAccountsByIds, followingIdsAmong } from '../accounts/store.js';
import { followedActiveAmong } from '../accounts/follows.js';
import type { AccountService } from '../accounts/service.js';
import type { AccountJson } from '../accounts/presenter.js';
import type { StatusPresenter } from '../posts/presenter.js';
import type { SqlTimelineStore } from '../timelines/store.js';
import type { TimelinePage } from '../timelines/service.js';
import { REPLIES_POLICIES, type RepliesPolicy } from '../visibility/organising.js';
import * as store from './store.js';

/** Mastodon's List::PER_ACCOUNT_LIMIT. */
export const LISTS_PER_ACCOUNT = 50;
/** Longer titles are refused (Mastodon sets none; a bound keeps rows and menus sane). */
const TITLE_MAX = 256;

export interface ListJson {
  id: string;
  title: string;
  replies_policy: RepliesPolicy;
  exclusive: boolean;
}

export const listJson = (list: store.ListRecord): ListJson => ({ id: String(list.id), title: list.title, replies_policy: list.repliesPolicy, exclusive: list.exclusive });

export interface ListParams {
  title?: unknown;
  replies_policy?: unknown;
  exclusive?: unknown;
}

const TRUE = new Set([true, 1, '1', 'true', 't', 'on', 'yes', 'TRUE', 'True']);

/** Rails' boolean cast, as Mastodon reads `exclusive`. */
function flag(value: unknown): boolean {
  return TRUE.has(value as never);
}

function title(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw unprocessable("Validation failed: Title can't be blank");
  if ([...text].length > TITLE_MAX) throw unprocessable(`Validation failed: Title is too long (maximum is ${TITLE_MAX} characters)`);
  return text;
}

function repliesPolicy(value: unknown): RepliesPolicy {
  if (REPLIES_POLICIES.includes(value as RepliesPolicy)) return value as RepliesPolicy;
  throw unprocessable(`'${typeof value === 'string' ? value : String(value)}' is not a valid replies_policy`);
}

/** `account_ids[]` as forms, query strings and JSON send it: a list, or one value. */
export function accountIdsOf(value: unknown): number[] {
  const raw = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  if (raw.length === 0) throw badRequest('param is missing or the value is empty: account_ids');
  if (raw.length > 1000) throw unprocessable('Too many accounts at once');
  return [...new Set(raw.map((v) => (typeof v === 'string' || typeof v === 'number') && /^[0-9]{1,16}$/.test(String(v)) ? Number(v) : NaN))];
}

export class ListService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly accounts: AccountService,
    private readonly presenter: StatusPresenter,
    private readonly timelines: SqlTimelineStore,
    private readonly clock: () => number = Date.now,
  ) {}

  async all(accountId: number): Promise<ListJson[]> {
    return (await store.listsOf(this.db, accountId)).map(listJson);
  }

  /** The list, if the account owns it: else 404, as Mastodon (another's list is not told apart). */
  async record(accountId: number, id: number): Promise<store.ListRecord> {
    const list = Number.isSafeInteger(id) ? await store.findList(this.db, accountId, id) : undefined;
    if (!list) throw notFound();
    return list;
  }

  async get(accountId: number, id: number): Promise<ListJson> {
    return listJson(await this.record(accountId, id));
  }

  async create(accountId: number, params: ListParams): Promise<ListJson> {
    const fields: store.ListFields = {
      title: title(params.title),
      repliesPolicy: params.replies_policy === undefined || params.replies_policy === null || params.replies_policy === '' ? 'list' : repliesPolicy(params.replies_policy),
      exclusive: flag(params.exclusive),
    };
    if ((await store.countListsOf(this.db, accountId)) >= LISTS_PER_ACCOUNT) throw unprocessable('Validation failed: You have reached the maximum number of lists');
    const now = this.clock();
    const id = newId(now);
    await this.write((tx) => store.insertList(tx, id, accountId, fields, now));
    return this.get(accountId, id);
  }

  /** Only what is given changes (clients such as masto.js send null for "leave as it is"). */
  async update(accountId: number, id: number, params: ListParams): Promise<ListJson> {
    const list = await this.record(accountId, id);
    const given = (v: unknown) => v !== undefined && v !== null;
    const fields: store.ListFields = {
      title: given(params.title) ? title(params.title) : list.title,
      repliesPolicy: given(params.replies_policy) ? repliesPolicy(params.replies_policy) : list.repliesPolicy,
      exclusive: given(params.exclusive) ? flag(params.exclusive) : list.exclusive,
    };
    await this.write((tx) => store.updateList(tx, list, fields));
    return this.get(accountId, id);
  }

  async remove(accountId: number, id: number): Promise<void> {
    const list = await this.record(accountId, id);
    await this.write((tx) => store.deleteList(tx, list));
  }

  /** The members, newest additions first; `page` 'all' for limit=0. Suspended ones are left out. */
  async members(accountId: number, id: number, page: Page | 'all'): Promise<{ accounts: AccountJson[]; cursors: number[] }> {
    const list = await this.record(accountId, id);
    const entries = await store.memberPage(this.db, list.id, page);
    const byId = new Map((await findAccountsByIds(this.db, entries.map((e) => e.accountId))).map((r) => [r.id, r]));
    const shown = entries.filter((e) => {
      const row = byId.get(e.accountId);
      return row !== undefined && !row.suspended_at;
    });
    return { accounts: this.accounts.presentMany(shown.map((e) => byId.get(e.accountId) as AccountRow)), cursors: entries.map((e) => e.cursor) };
  }

  /**
   * Adds accounts: every one must exist (else 404, nothing added), be followed by the owner or
   * be the owner (else 422), and not be in the list yet (else 422), as Mastodon validates them.
   */
  async addMembers(accountId: number, id: number, rawIds: unknown): Promise<void> {
    const list = await this.record(accountId, id);
    const ids = accountIdsOf(rawIds);
    if (ids.some((n) => !Number.isSafeInteger(n))) throw notFound();
    const rows = await findAccountsByIds(this.db, ids);
    if (rows.length !== ids.length || rows.some((r) => r.suspended_at || r.approved === 0)) throw notFound();
    const followed = await followingIdsAmong(this.db, accountId, ids);
    if (ids.some((n) => n !== accountId && !followed.has(n))) throw unprocessable('Validation failed: Account follow relationship missing');
    if ((await store.membersAmong(this.db, list.id, ids)).size > 0) throw unprocessable('Validation failed: Account has already been taken');
    const now = this.clock();
    await this.write((tx) => store.addMembers(tx, list, ids.map((n) => ({ id: newId(now), accountId: n }))));
  }

  /** Removes accounts; those not in the list are ignored (Mastodon answers 200 alike). */
  async removeMembers(accountId: number, id: number, rawIds: unknown): Promise<void> {
    const list = await this.record(accountId, id);
    const ids = accountIdsOf(rawIds).filter((n) => Number.isSafeInteger(n));
    await this.write((tx) => store.removeMembers(tx, list, ids));
  }

  /** The viewer's lists that hold the account (404 for an account that is not there). */
  async holding(viewerId: number, accountId: number): Promise<ListJson[]> {
    await this.accounts.requireAccount(accountId);
    return (await store.listsHolding(this.db, viewerId, accountId)).map(listJson);
  }

  /** The list's timeline page, for its owner (others get 404). */
  async timeline(viewerId: number, id: number, page: Page): Promise<TimelinePage> {
    const list = await this.record(viewerId, id);
    const memberIds = await store.memberIdsOf(this.db, list.id);
    // Members the owner still follows, not suspended (homeCondition expects exactly those), and
    // the owner if a member.
    const members = await followedActiveAmong(this.db, viewerId, memberIds.filter((n) => n !== viewerId));
    if (memberIds.includes(viewerId)) members.push(viewerId);
    const ids = await this.timelines.list(viewerId, list.repliesPolicy, members, page);
    return { statusesJson: await this.presenter.presentIdsAsJson(ids, viewerId), cursors: ids };
  }
}
