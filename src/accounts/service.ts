import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { AccountRow, Database } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { ApiError, forbidden, notFound } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import { newId } from '../lib/ids.js';
import { searchForm } from '../lib/arabic.js';
import { askToFollow, authorizeRequest, settleRequest, startFollowing, stopFollowing } from './follow-writes.js';
import { withoutDeceptiveCharacters } from '../lib/deceptive-text.js';
import { hashPassword } from './passwords.js';
import { claimInvite, inviteIsValid } from './invites.js';
import { notifyStaffOfSignUp } from './approvals.js';
import {
  presentAccount, presentCredentialAccount, presentRelationship,
  type AccountJson, type CredentialAccountJson, type RelationshipJson,
} from './presenter.js';
import * as store from './store.js';
import { blockedEitherWay, blockerIdsAmong, blockingIdsAmong } from './blocks.js';
import { activeMutesOf } from './mutes.js';
import { keepVerification, storedFields, type StoredField } from '../profile/fields.js';
import { endorsedIdsAmong } from '../profile/endorsements.js';
import { notesAmong } from '../profile/notes.js';
import type { SuspensionEngine } from '../moderation/suspension.js';
import { unavailabilityOf } from '../db/availability.js';
import {
  newAccountRow, registrationErrors, RegistrationError, SUPPORTED_LOCALES, uniqueViolation, type Registration,
} from './registration.js';

export { RegistrationError, SUPPORTED_LOCALES, USERNAME_PATTERN, type Registration } from './registration.js';

export class AccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly write: Write,
    private readonly clock: () => number = Date.now,
    private readonly suspensions?: SuspensionEngine,
  ) {}

  present(row: AccountRow): AccountJson {
    return presentAccount(row, this.config.publicUrl);
  }

  presentMany(rows: AccountRow[]): AccountJson[] {
    return rows.map((r) => this.present(r));
  }

  /**
   * A new account, never privileged: the owner is made by `npm run admin -- create-owner`.
   * An email that already has an account is answered as a new one (null: nothing was created,
   * and the caller's token names no account), so sign-up does not tell who is registered here.
   * The password is hashed on both paths, so the time taken does not tell either.
   * SIRB_REGISTRATIONS decides who gets in: anyone (open), anyone once a moderator approves
   * (approval: a reason is required, staff are notified), or invite holders only (closed). A
   * valid invite also skips approval. Where email is on, the account waits for its confirmation.
   */
  async register(input: Registration, options: { approved?: boolean } = {}): Promise<AccountRow | null> {
    const mode = this.config.registrations;
    const inviteCode = input.invite_code?.trim() || undefined;
    const now = this.clock();
    const inviteValid = inviteCode !== undefined && (await inviteIsValid(this.db, inviteCode, now));
    // Mastodon's answer when registrations are closed to this request.
    if (mode === 'closed' && !inviteValid) throw forbidden();
    const errors = registrationErrors(input, { allowReserved: false, reasonRequired: mode === 'approval' && !inviteValid });
    if (inviteCode !== undefined && !inviteValid) errors.invite_code = [{ error: 'ERR_INVALID', description: 'Invite is invalid, expired or used up' }];
    if (Object.keys(errors).length === 0 && (await store.findAccountByUsername(this.db, input.username))) {
      errors.username = [{ error: 'ERR_TAKEN', description: 'Username is already taken' }];
    }
    if (Object.keys(errors).length) throw new RegistrationError(errors);

    const passwordHash = await hashPassword(input.password);
    if (await store.findAccountByLogin(this.db, input.email)) return null;
    const id = newId(now);
    try {
      await this.write(async (trx) => {
        // Claimed in the transaction: the last use of an invite goes to one sign-up only.
        const inviteId = inviteValid ? await claimInvite(trx, inviteCode!, now) : null;
        if (inviteValid && inviteId === null) {
          if (mode === 'closed') throw forbidden();
          throw new RegistrationError({ invite_code: [{ error: 'ERR_INVALID', description: 'Invite is invalid, expired or used up' }] });
        }
        // Not approved: approval mode without an invite, or an IP block asking moderators to look.
        const admission = { approved: (mode !== 'approval' || inviteId !== null) && options.approved !== false, confirmed: !this.config.smtpUrl, inviteId };
        await store.insertAccount(trx, newAccountRow(input, { id, passwordHash, role: 'user', now, admission }));
        await notifyStaffOfSignUp(trx, id, now);
      });
    } catch (error) {
      // Two sign-ups raced for the same name or address: the unique index decided.
      const taken = uniqueViolation(error);
      if (taken === 'email') return null;
      if (taken) throw new RegistrationError({ username: [{ error: 'ERR_TAKEN', description: 'Username is already taken' }] });
      throw error;
    }
    return (await store.findAccountById(this.db, id))!;
  }

  async requireAccount(id: number): Promise<AccountRow> {
    const row = await store.findAccountById(this.db, id);
    // A sign-up waiting for approval is not anyone's to see yet (Mastodon answers 404 too).
    if (!row || row.suspended_at || row.approved === 0) throw notFound();
    return row;
  }

  async credentials(id: number): Promise<CredentialAccountJson> {
    const row = await store.findAccountById(this.db, id);
    if (!row) throw notFound();
    return presentCredentialAccount(row, this.config.publicUrl, await store.countFollowRequests(this.db, id));
  }

  async updateCredentials(
    id: number,
    changes: {
      display_name?: string; note?: string; locale?: string; bot?: boolean; locked?: boolean; discoverable?: boolean; privacy?: string;
      /** source[language]: the default language of new posts (and the interface's, where it has one). */
      language?: string;
      sensitive?: boolean;
      fields?: StoredField[];
    },
  ): Promise<CredentialAccountJson> {
    const row = await this.requireAccount(id);
    if (changes.locale !== undefined && !SUPPORTED_LOCALES.includes(changes.locale)) {
      throw new ApiError(422, 'Validation failed: locale is not supported');
    }
    const language = changes.language?.toLowerCase();
    if (language !== undefined && language !== '' && !/^[a-z]{2,3}$/.test(language)) {
      throw new ApiError(422, 'Validation failed: Setting default language is not included in the list');
    }
    // Sirb's web app takes source[language] for its interface language where it speaks it.
    const locale = changes.locale ?? (language && SUPPORTED_LOCALES.includes(language) ? language : undefined);
    const displayName = withoutDeceptiveCharacters(changes.display_name ?? row.display_name);
    const unlocking = row.locked === 1 && changes.locked === false;
    const now = this.clock();
    await this.write(async (trx) => {
      await store.updateAccount(trx, id, {
        display_name: displayName,
        note: changes.note ?? row.note,
        locale: locale ?? row.locale,
        default_language: language ?? row.default_language,
        default_sensitive: changes.sensitive === undefined ? row.default_sensitive : Number(changes.sensitive),
        fields: changes.fields === undefined ? row.fields : JSON.stringify(keepVerification(changes.fields, storedFields(row.fields))),
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

  async setImages(id: number, images: { avatar_url?: string | null; header_url?: string | null }): Promise<void> {
    await this.write((trx) => store.updateAccount(trx, id, images));
  }

  /**
   * Set at wiring (context.ts): an account row a cache still holds, however old. While the
   * database is away, profiles known there are shown from it rather than not at all.
   */
  cachedWhileAway?: (id: number) => AccountRow | undefined;

  async get(id: number): Promise<AccountJson> {
    try {
      return this.present(await this.requireAccount(id));
    } catch (error) {
      const row = unavailabilityOf(error) ? this.cachedWhileAway?.(id) : undefined;
      if (!row || row.suspended_at || row.approved === 0) throw error;
      return this.present(row);
    }
  }

  async lookup(acct: string): Promise<AccountJson> {
    const [username, domain] = acct.replace(/^@/, '').split('@');
    // user@another.server is someone else, not our account of the same name.
    if (domain && !this.isLocalDomain(domain)) throw notFound();
    const row = await store.findAccountByUsername(this.db, username);
    if (!row || row.suspended_at || row.approved === 0) throw notFound();
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
    // Neither side of a block may follow the other (Mastodon's FollowService: NotPermittedError).
    if (await blockedEitherWay(this.db, viewerId, targetId)) throw forbidden();
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
    const [following, followedBy, requested, requestedBy, blocking, blockedBy, muting, endorsed, notes] = await Promise.all([
      store.followingIdsAmong(this.db, viewerId, unique),
      store.followerIdsAmong(this.db, viewerId, unique),
      store.requestedIdsAmong(this.db, viewerId, unique),
      store.requesterIdsAmong(this.db, viewerId, unique),
      blockingIdsAmong(this.db, viewerId, unique),
      blockerIdsAmong(this.db, viewerId, unique),
      activeMutesOf(this.db, viewerId, this.clock(), unique),
      endorsedIdsAmong(this.db, viewerId, unique),
      notesAmong(this.db, viewerId, unique),
    ]);
    return unique.map((id) =>
      presentRelationship(id, {
        following: following.has(id),
        followedBy: followedBy.has(id),
        requested: requested.has(id),
        requestedBy: requestedBy.has(id),
        blocking: blocking.has(id),
        blockedBy: blockedBy.has(id),
        muting: muting.has(id),
        mutingNotifications: muting.get(id)?.notifications ?? false,
        endorsed: endorsed.has(id),
        note: notes.get(id) ?? '',
      }),
    );
  }

  /** An account's followers or followees; none for a viewer it blocks (Mastodon's hide_results?). */
  async followList(accountId: number, direction: 'followers' | 'following', page: Page, viewerId?: number) {
    await this.requireAccount(accountId);
    if (viewerId !== undefined && viewerId !== accountId && (await blockerIdsAmong(this.db, viewerId, [accountId])).size > 0) return { accounts: [], cursors: [] };
    const entries = await store.followPage(this.db, accountId, direction, page);
    const rows = await store.findAccountsByIds(this.db, entries.map((e) => e.accountId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const accounts = entries.map((e) => byId.get(e.accountId)).filter((r): r is AccountRow => !!r && !r.suspended_at);
    return { accounts: this.presentMany(accounts), cursors: entries.map((e) => e.cursor) };
  }

  async search(query: string, limit: number, offset: number, viewerId?: number, followingOnly = false): Promise<AccountJson[]> {
    const needle = searchForm(query.replace(/^@/, '').split('@')[0]);
    if (!needle) return [];
    // Neither side of a block finds the other (left out in SQL, so a page stays full).
    let rows = await store.searchAccountRows(this.db, needle, followingOnly ? 200 : limit, followingOnly ? 0 : offset, viewerId);
    if (followingOnly && viewerId !== undefined) {
      const following = await store.followingIdsAmong(this.db, viewerId, rows.map((r) => r.id));
      rows = rows.filter((r) => following.has(r.id)).slice(offset, offset + limit);
    }
    return this.presentMany(rows);
  }

  /**
   * Suspends an account through the suspension engine (moderation/suspension.ts): it can no
   * longer sign in or use its tokens, its streams close and its posts stop showing, in every
   * process. The caller records who did it (the audit log). False when there is no such
   * account, or it was suspended already.
   */
  async suspendAccount(accountId: number): Promise<boolean> {
    return (await this.suspension().suspendAccounts([accountId])).changed.length === 1;
  }

  /** Lifts a suspension: its posts show again, intact. False when none was in force. */
  async unsuspendAccount(accountId: number): Promise<boolean> {
    return (await this.suspension().unsuspendAccounts([accountId])).changed.length === 1;
  }

  private suspension(): SuspensionEngine {
    if (!this.suspensions) throw new Error('AccountService was built without a suspension engine');
    return this.suspensions;
  }
}
