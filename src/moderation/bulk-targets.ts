// Which accounts a bulk action acts on: listed ids, listed usernames (a file uploaded by a
// moderator, or `npm run admin -- suspend --file`), or the accounts matching a filter in the terms
// of Mastodon's GET /api/v2/admin/accounts. A small query of its own, kept here so that it can be
// unified with the admin accounts list when both land; it answers ids only, in batches, so 50,000
// targets cost a handful of queries.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { unprocessable } from '../http/errors.js';
import { STAFF_ROLES } from './roles.js';

type Db = Kysely<Database>;

/** Mastodon's v2 admin accounts query parameters that a bulk action understands. */
export interface AccountFilter {
  origin?: string;
  status?: string;
  permissions?: string;
  username?: string;
  display_name?: string;
  email?: string;
  /** The domain of the account's email address (all accounts here are local). */
  by_domain?: string;
}

export const FILTER_KEYS = ['origin', 'status', 'permissions', 'username', 'display_name', 'email', 'by_domain'] as const;
const STATUSES = ['active', 'pending', 'disabled', 'silenced', 'suspended'];

export interface TargetRequest {
  account_ids?: string[];
  usernames?: string[];
  filter?: Record<string, unknown>;
}

export interface Targets {
  /** Existing accounts, each once. */
  ids: number[];
  /** Listed ids or usernames that name no account (counted as failed by the action). */
  unknown: number;
}

const CHUNK = 1000;

/** The accounts a request names. 422 when it names nothing at all, or its filter is not understood. */
export async function resolveTargets(db: Db, request: TargetRequest): Promise<Targets> {
  const listedIds = request.account_ids ?? [];
  const usernames = request.usernames ?? [];
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  if (listedIds.length === 0 && usernames.length === 0 && filter === undefined) {
    throw unprocessable('Validation failed: give account_ids, usernames or a filter');
  }
  const found = new Set<number>();
  let unknown = 0;
  const ids = [...new Set(listedIds.map((s) => s.trim()).filter(Boolean))];
  const numeric = ids.filter((s) => /^[0-9]{1,16}$/.test(s)).map(Number);
  unknown += ids.length - numeric.length;
  for (let i = 0; i < numeric.length; i += CHUNK) {
    const chunk = numeric.slice(i, i + CHUNK);
    const rows = await db.selectFrom('accounts').select('id').where('id', 'in', chunk).execute();
    for (const row of rows) found.add(Number(row.id));
    unknown += chunk.length - rows.length;
  }
  const keys = [...new Set(usernames.map(usernameKey).filter((k): k is string => k !== null))];
  unknown += usernames.filter((u) => u.trim() && usernameKey(u) === null).length;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = await db.selectFrom('accounts').select('id').where('username_key', 'in', chunk).execute();
    for (const row of rows) found.add(Number(row.id));
    unknown += chunk.length - rows.length;
  }
  if (filter) for (const id of await filteredIds(db, filter)) found.add(id);
  return { ids: [...found], unknown };
}

/** A username as listed (`name`, `@name`, `@name@this.server`), as the accounts table keys it. */
function usernameKey(listed: string): string | null {
  const name = listed.trim().replace(/^@/, '').split('@')[0].toLowerCase();
  return /^[a-z0-9_]{1,64}$/.test(name) ? name : null;
}

/** Checks a filter's keys and values; at least one criterion (an empty filter would mean everyone). */
export function parseFilter(raw: Record<string, unknown>): AccountFilter {
  const filter: AccountFilter = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) throw unprocessable(`Validation failed: filter[${key}] is not supported`);
    if (typeof value !== 'string' || value.length > 200) throw unprocessable(`Validation failed: filter[${key}] must be a string`);
    const text = value.trim();
    if (!text) continue;
    filter[key as keyof AccountFilter] = text;
  }
  if (filter.origin !== undefined && !['local', 'remote'].includes(filter.origin)) throw unprocessable('Validation failed: filter[origin] must be local or remote');
  if (filter.status !== undefined && !STATUSES.includes(filter.status)) throw unprocessable(`Validation failed: filter[status] must be one of ${STATUSES.join(', ')}`);
  if (filter.permissions !== undefined && filter.permissions !== 'staff') throw unprocessable('Validation failed: filter[permissions] must be staff');
  if (Object.keys(filter).length === 0) throw unprocessable('Validation failed: the filter matches every account; give at least one criterion');
  return filter;
}

/** `text` as a LIKE pattern that matches it literally (escape character: backslash). */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The ids of the accounts matching the filter. */
export async function filteredIds(db: Db, filter: AccountFilter): Promise<number[]> {
  // Every account here is local: a filter for remote ones matches none.
  if (filter.origin === 'remote') return [];
  let query = db.selectFrom('accounts').select('id');
  switch (filter.status) {
    case 'active':
      query = query.where('suspended_at', 'is', null).where('disabled_at', 'is', null).where('approved', '=', 1);
      break;
    case 'pending':
      query = query.where('approved', '=', 0);
      break;
    case 'disabled':
      query = query.where('disabled_at', 'is not', null);
      break;
    case 'silenced':
      query = query.where('silenced_at', 'is not', null);
      break;
    case 'suspended':
      query = query.where('suspended_at', 'is not', null);
      break;
  }
  if (filter.permissions === 'staff') query = query.where('role', 'in', [...STAFF_ROLES]);
  // Mastodon matches username and email by prefix, display name anywhere; all without case.
  if (filter.username) query = query.where(sql<boolean>`username_key like ${`${literal(filter.username.replace(/^@/, '').toLowerCase())}%`} escape '\\'`);
  if (filter.email) query = query.where(sql<boolean>`lower(email) like ${`${literal(filter.email.toLowerCase())}%`} escape '\\'`);
  if (filter.display_name) query = query.where(sql<boolean>`lower(display_name) like ${`%${literal(filter.display_name.toLowerCase())}%`} escape '\\'`);
  if (filter.by_domain) {
    const domain = literal(filter.by_domain.replace(/^@/, '').toLowerCase());
    query = query.where((eb) => eb.or([sql<boolean>`lower(email) like ${`%@${domain}`} escape '\\'`, sql<boolean>`lower(email) like ${`%.${domain}`} escape '\\'`]));
  }
  return (await query.execute()).map((r) => Number(r.id));
}
