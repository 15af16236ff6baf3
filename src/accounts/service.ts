import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { AccountRow, Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { ApiError, forbidden, notFound } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { searchForm } from '../lib/arabic.js';
import { askToFollow, authorizeRequest, settleRequest, startFollowing, stopFollowing } from './follow-writes.js';
import { hashPassword } from './passwords.js';
import {
  presentAccount, presentCredentialAccount, presentRelationship,
  type AccountJson, type CredentialAccountJson, type RelationshipJson,
} from './presenter.js';
import * as store from './store.js';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_]{1,30}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SUPPORTED_LOCALES = ['ar', 'en'];

export interface Registration {
  username: string;
  email: string;
  password: string;
  locale?: string;
  agreement?: boolean;
}

type FieldErrors = Record<string, { error: string; description: string }[]>;

/** Mastodon's 422 with per-field details, so clients can show what is wrong where. */
export class RegistrationError extends ApiError {
  constructor(readonly details: FieldErrors) {
    super(422, `Validation failed: ${Object.values(details).flat().map((d) => d.description).join(', ')}`, undefined, details);
  }
}

export class AccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly write: Write,
    private readonly clock: () => number = Date.now,
  ) {}

  present(row: AccountRow): AccountJson {
    return presentAccount(row, this.config.publicUrl);
  }

  presentMany(rows: AccountRow[]): AccountJson[] {
    return rows.map((r) => this.present(r));
  }

  async register(input: Registration): Promise<AccountRow> {
    if (this.config.registrations === 'closed') throw new ApiError(403, 'Registrations are closed on this server');
    const errors: FieldErrors = {};
    const add = (field: string, error: string, description: string) => (errors[field] ??= []).push({ error, description });
    if (!USERNAME_PATTERN.test(input.username)) add('username', 'ERR_INVALID', 'Username must be 1-30 letters, digits or underscores');
    if (!EMAIL_PATTERN.test(input.email) || input.email.length > 254) add('email', 'ERR_INVALID', 'Email is not a valid address');
    if (input.password.length < 8) add('password', 'ERR_TOO_SHORT', 'Password is too short (minimum is 8 characters)');
    if (input.password.length > 72) add('password', 'ERR_TOO_LONG', 'Password is too long (maximum is 72 characters)');
    if (input.agreement === false) add('agreement', 'ERR_ACCEPTED', 'Agreement must be accepted');
    if (input.locale !== undefined && !SUPPORTED_LOCALES.includes(input.locale)) add('locale', 'ERR_INCLUSION', 'Locale is not supported');
    if (Object.keys(errors).length === 0) {
      if (await store.findAccountByUsername(this.db, input.username)) add('username', 'ERR_TAKEN', 'Username is already taken');
      if (await store.findAccountByLogin(this.db, input.email)) add('email', 'ERR_TAKEN', 'Email is already taken');
    }
    if (Object.keys(errors).length) throw new RegistrationError(errors);

    const passwordHash = await hashPassword(input.password);
    const now = this.clock();
    const id = newId(now);
    try {
      await this.write(async (trx) => {
        // The first account on a new server is its admin.
        const role = (await store.countAccounts(trx)) === 0 ? 'admin' : 'user';
        await store.insertAccount(trx, {
          id,
          username: input.username,
          username_key: input.username.toLowerCase(),
          email: input.email.trim().toLowerCase(),
          password_hash: passwordHash,
          display_name: '',
          note: '',
          locale: input.locale ?? 'ar',
          role,
          bot: 0,
          locked: 0,
          discoverable: 1,
          default_visibility: 'public',
          avatar_url: null,
          header_url: null,
          search_text: searchForm(input.username),
          last_status_at: null,
          suspended_at: null,
          created_at: now,
        });
      });
    } catch (error) {
      // Two sign-ups raced for the same name: the unique index decided.
      if (/unique|duplicate/i.test(String(error))) throw new RegistrationError({ username: [{ error: 'ERR_TAKEN', description: 'Username or email is already taken' }] });
      throw error;
    }
    return (await store.findAccountById(this.db, id))!;
  }

  async requireAccount(id: number): Promise<AccountRow> {
    const row = await store.findAccountById(this.db, id);
    if (!row || row.suspended_at) throw notFound();
    return row;
  }

  async credentials(id: number): Promise<CredentialAccountJson> {
    const row = await store.findAccountById(this.db, id);
    if (!row) throw notFound();
    return presentCredentialAccount(row, this.config.publicUrl, await store.countFollowRequests(this.db, id));
  }

  async updateCredentials(
    id: number,
    changes: { display_name?: string; note?: string; locale?: string; bot?: boolean; locked?: boolean; discoverable?: boolean; privacy?: string },
  ): Promise<CredentialAccountJson> {
    const row = await this.requireAccount(id);
    if (changes.locale !== undefined && !SUPPORTED_LOCALES.includes(changes.locale)) {
      throw new ApiError(422, 'Validation failed: locale is not supported');
    }
    const displayName = changes.display_name ?? row.display_name;
    const unlocking = row.locked === 1 && changes.locked === false;
    const now = this.clock();
    await this.write(async (trx) => {
      await store.updateAccount(trx, id, {
        display_name: displayName,
        note: changes.note ?? row.note,
        locale: changes.locale ?? row.locale,
        bot: changes.bot === undefined ? row.bot : Number(changes.bot),
        locked: changes.locked === undefined ? row.locked : Number(changes.locked),
        discoverable: changes.discoverable === undefined ? row.discoverable : Number(changes.discoverable),
        default_visibility: changes.privacy ?? row.default_visibility,
        search_text: searchForm(`${row.username} ${displayName}`),
      });
      // As on Mastodon: an account that stops approving followers lets in everyone waiting.
      if (unlocking) for (const requester of await store.requesterIdsOf(trx, id)) await authorizeRequest(trx, requester, id, now);
    });
    return this.credentials(id);
  }

  async setImages(id: number, images: { avatar_url?: string; header_url?: string }): Promise<void> {
    await this.write((trx) => store.updateAccount(trx, id, images));
  }

  async get(id: number): Promise<AccountJson> {
    return this.present(await this.requireAccount(id));
  }

  async lookup(acct: string): Promise<AccountJson> {
    const [username, domain] = acct.replace(/^@/, '').split('@');
    // user@another.server is someone else, not our account of the same name.
    if (domain && !this.isLocalDomain(domain)) throw notFound();
    const row = await store.findAccountByUsername(this.db, username);
    if (!row || row.suspended_at) throw notFound();
    return this.present(row);
  }

  private isLocalDomain(domain: string): boolean {
    const local = new URL(this.config.publicUrl);
    return [local.host, local.hostname].includes(domain.toLowerCase());
  }

  /**
   * Follows the target; a locked target is asked instead (a follow request, relationship
   * `requested`), and shows its followers-only posts only once it authorizes. Read in the
   * transaction, so a concurrent lock is seen.
   */
  async follow(viewerId: number, targetId: number): Promise<RelationshipJson> {
    if (viewerId === targetId) throw forbidden('You cannot follow yourself');
    await this.requireAccount(targetId);
    const now = this.clock();
    await this.write(async (trx) => {
      if ((await store.followingIdsAmong(trx, viewerId, [targetId])).has(targetId)) return;
      const target = await store.findAccountById(trx, targetId);
      if (target?.locked === 1) await askToFollow(trx, viewerId, targetId, now);
      else await startFollowing(trx, viewerId, targetId, now, true);
    });
    return (await this.relationships(viewerId, [targetId]))[0];
  }

  /** Unfollows, or withdraws a request that still waits. */
  async unfollow(viewerId: number, targetId: number): Promise<RelationshipJson> {
    await this.requireAccount(targetId);
    await this.write(async (trx) => {
      await stopFollowing(trx, viewerId, targetId);
      await settleRequest(trx, viewerId, targetId);
    });
    return (await this.relationships(viewerId, [targetId]))[0];
  }

  async relationships(viewerId: number, ids: number[]): Promise<RelationshipJson[]> {
    const unique = [...new Set(ids)];
    const [following, followedBy, requested, requestedBy] = await Promise.all([
      store.followingIdsAmong(this.db, viewerId, unique),
      store.followerIdsAmong(this.db, viewerId, unique),
      store.requestedIdsAmong(this.db, viewerId, unique),
      store.requesterIdsAmong(this.db, viewerId, unique),
    ]);
    return unique.map((id) => presentRelationship(id, { following: following.has(id), followedBy: followedBy.has(id), requested: requested.has(id), requestedBy: requestedBy.has(id) }));
  }

  async followList(accountId: number, direction: 'followers' | 'following', page: Page) {
    await this.requireAccount(accountId);
    const entries = await store.followPage(this.db, accountId, direction, page);
    const rows = await store.findAccountsByIds(this.db, entries.map((e) => e.accountId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const accounts = entries.map((e) => byId.get(e.accountId)).filter((r): r is AccountRow => !!r && !r.suspended_at);
    return { accounts: this.presentMany(accounts), cursors: entries.map((e) => e.cursor) };
  }

  async search(query: string, limit: number, offset: number, viewerId?: number, followingOnly = false): Promise<AccountJson[]> {
    const needle = searchForm(query.replace(/^@/, '').split('@')[0]);
    if (!needle) return [];
    let rows = await store.searchAccountRows(this.db, needle, followingOnly ? 200 : limit, followingOnly ? 0 : offset);
    if (followingOnly && viewerId !== undefined) {
      const following = await store.followingIdsAmong(this.db, viewerId, rows.map((r) => r.id));
      rows = rows.filter((r) => following.has(r.id)).slice(offset, offset + limit);
    }
    return this.presentMany(rows);
  }

  /**
   * Suspends an account: it can no longer sign in or use its tokens, its posts stop showing and
   * its open streams close in every process. Internal for now (no admin API or command yet).
   * False when there is no such account, or it was suspended already.
   */
  suspendAccount(accountId: number): Promise<boolean> {
    return this.write((tx) => store.suspendAccountRow(tx, accountId, this.clock()));
  }
}
