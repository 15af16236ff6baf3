// Announcements: staff write them (admin API and `npm run admin -- announce`), every signed-in
// account reads them with its own read state, and reacts with unicode emoji. Each write tells
// every user stream in every process (`announcement.streamed`, streaming/hub.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx, Write } from '../db/unit-of-work.js';
import { notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { parseText, renderContent } from '../posts/content.js';
import { findAccountsByUsernames } from '../accounts/store.js';
import { hashtagKey } from '../lib/arabic.js';
import { recordAction } from '../moderation/audit-log.js';
import { presentAnnouncement, type AnnouncementJson } from './presenter.js';
import * as store from './store.js';

/** What staff give; times are ISO 8601 strings (an empty string or null clears one). */
export interface AnnouncementInput {
  text?: string;
  starts_at?: string | null;
  ends_at?: string | null;
  all_day?: boolean;
  published?: boolean;
}

export const MAX_TEXT = 5000;
/** Mastodon's ReactionValidator: at most this many different emoji on one announcement. */
export const MAX_REACTION_NAMES = 8;
const EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** Whether `name` is one unicode emoji (Sirb has no custom emoji to react with). */
export function isUnicodeEmoji(name: string): boolean {
  // An emoji sent without its presentation selector (❤ for ❤️) is still that emoji.
  return name.length <= 64 && (EMOJI.test(name) || EMOJI.test(`${name}\uFE0F`));
}

function timeOf(value: string | null | undefined, field: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw unprocessable(`Validation failed: ${field} is invalid`);
  return ms;
}

export class AnnouncementService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: Write,
    private readonly publicUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The active announcements as `viewerId` sees them (read, own reactions). */
  async list(viewerId: number): Promise<AnnouncementJson[]> {
    const rows = await store.activeAnnouncements(this.db, this.clock());
    const ids = rows.map((r) => Number(r.id));
    const [counts, read, reacted] = await Promise.all([
      store.reactionCounts(this.db, ids),
      store.readIds(this.db, viewerId, ids),
      store.reactionsBy(this.db, viewerId, ids),
    ]);
    return rows.map((r) => presentAnnouncement(r, counts, { read, reacted }));
  }

  /** Every announcement, drafts and past ones too, newest first, with `published` (staff). */
  async all(): Promise<(AnnouncementJson & { published: boolean })[]> {
    const rows = await this.db.selectFrom('announcements').selectAll().orderBy('id', 'desc').limit(200).execute();
    const counts = await store.reactionCounts(this.db, rows.map((r) => Number(r.id)));
    return rows.map((r) => ({ ...presentAnnouncement(r, counts), published: r.published === 1 }));
  }

  private async published(db: Kysely<Database>, id: number) {
    const row = await store.findAnnouncement(db, id);
    // Mastodon finds these among published announcements only.
    if (!row || row.published !== 1) throw notFound();
    return row;
  }

  async dismiss(accountId: number, id: number): Promise<void> {
    await this.published(this.db, id);
    await this.db
      .insertInto('announcement_reads')
      .values({ announcement_id: id, account_id: accountId })
      .onConflict((oc) => oc.columns(['account_id', 'announcement_id']).doNothing())
      .execute();
  }

  async react(accountId: number, id: number, name: string): Promise<void> {
    if (!isUnicodeEmoji(name)) throw unprocessable('Validation failed: Name is not a recognized emoji');
    await this.write(async (tx) => {
      await this.published(tx, id);
      const names = await store.distinctReactionNames(tx, id);
      if (!names.includes(name) && names.length >= MAX_REACTION_NAMES) throw unprocessable('Validation failed: Maximum number of different reactions reached');
      const inserted = await tx
        .insertInto('announcement_reactions')
        .values({ announcement_id: id, account_id: accountId, name, created_at: this.clock() })
        .onConflict((oc) => oc.columns(['announcement_id', 'account_id', 'name']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await this.emitReaction(tx, id, name);
    });
  }

  async unreact(accountId: number, id: number, name: string): Promise<void> {
    await this.write(async (tx) => {
      await this.published(tx, id);
      const deleted = await tx.deleteFrom('announcement_reactions').where('announcement_id', '=', id).where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      // Mastodon: removing a reaction one has not made is a 404.
      if (Number(deleted.numDeletedRows) === 0) throw notFound();
      await this.emitReaction(tx, id, name);
    });
  }

  private async emitReaction(tx: Tx, id: number, name: string): Promise<void> {
    const count = await store.reactionCount(tx, id, name);
    tx.emit({ type: 'announcement.streamed', event: 'announcement.reaction', payload: JSON.stringify({ name, count, announcement_id: String(id) }) });
  }

  /** Mentions, tags and HTML of staff's text, rendered as a status's are. */
  private async render(text: string) {
    const parsed = parseText(text);
    const mentioned = await findAccountsByUsernames(this.db, parsed.mentions);
    return {
      text,
      content: renderContent(text, { publicUrl: this.publicUrl, knownMentions: new Set(mentioned.map((a) => a.username_key)) }),
      mentions: JSON.stringify(mentioned.map((a) => ({ id: String(a.id), username: a.username, url: `${this.publicUrl}/@${a.username}`, acct: a.username }))),
      tags: JSON.stringify(parsed.hashtags.map((t) => ({ name: hashtagKey(t), url: `${this.publicUrl}/tags/${encodeURIComponent(hashtagKey(t))}` }))),
    };
  }

  private checkText(text: string | undefined): string {
    const trimmed = (text ?? '').trim();
    if (!trimmed) throw unprocessable("Validation failed: Text can't be blank");
    if (trimmed.length > MAX_TEXT) throw unprocessable(`Validation failed: Text is too long (maximum is ${MAX_TEXT} characters)`);
    return trimmed;
  }

  private checkTimes(startsAt: number | null, endsAt: number | null): void {
    if (startsAt !== null && endsAt !== null && endsAt < startsAt) throw unprocessable('Validation failed: Ends at must be after the start');
  }

  private streamed(tx: Tx, row: store.AnnouncementRow, counts: store.ReactionCount[]): AnnouncementJson {
    const json = presentAnnouncement(row, counts);
    if (row.published === 1) tx.emit({ type: 'announcement.streamed', event: 'announcement', payload: JSON.stringify(json) });
    return json;
  }

  async create(actorId: number, input: AnnouncementInput): Promise<AnnouncementJson> {
    const text = this.checkText(input.text);
    const startsAt = timeOf(input.starts_at, 'Starts at') ?? null;
    const endsAt = timeOf(input.ends_at, 'Ends at') ?? null;
    this.checkTimes(startsAt, endsAt);
    const rendered = await this.render(text);
    const now = this.clock();
    const published = input.published ?? true;
    const row: store.AnnouncementRow = {
      id: newId(now),
      ...rendered,
      starts_at: startsAt,
      ends_at: endsAt,
      all_day: input.all_day ? 1 : 0,
      published: published ? 1 : 0,
      published_at: published ? now : null,
      created_at: now,
      updated_at: now,
    };
    return this.write(async (tx) => {
      await tx.insertInto('announcements').values(row).execute();
      await recordAction(tx, { actorId, action: 'create', targetType: 'Announcement', targetId: row.id }, now);
      return this.streamed(tx, row, []);
    });
  }

  async update(actorId: number, id: number, input: AnnouncementInput): Promise<AnnouncementJson> {
    const rendered = input.text !== undefined ? await this.render(this.checkText(input.text)) : {};
    const startsAt = timeOf(input.starts_at, 'Starts at');
    const endsAt = timeOf(input.ends_at, 'Ends at');
    const now = this.clock();
    return this.write(async (tx) => {
      const old = await store.findAnnouncement(tx, id);
      if (!old) throw notFound();
      const published = input.published ?? old.published === 1;
      const row: store.AnnouncementRow = {
        ...old,
        ...rendered,
        starts_at: startsAt === undefined ? old.starts_at : startsAt,
        ends_at: endsAt === undefined ? old.ends_at : endsAt,
        all_day: input.all_day === undefined ? old.all_day : input.all_day ? 1 : 0,
        published: published ? 1 : 0,
        published_at: published ? (old.published_at ?? now) : null,
        updated_at: now,
      };
      this.checkTimes(row.starts_at, row.ends_at);
      const { id: _id, ...changes } = row;
      await tx.updateTable('announcements').set(changes).where('id', '=', id).execute();
      await recordAction(tx, { actorId, action: 'update', targetType: 'Announcement', targetId: id }, now);
      // Withdrawn: apps drop it as if deleted (Mastodon's unpublish does the same).
      if (old.published === 1 && !published) tx.emit({ type: 'announcement.streamed', event: 'announcement.delete', payload: String(id) });
      return this.streamed(tx, row, await store.reactionCounts(tx, [id]));
    });
  }

  async remove(actorId: number, id: number): Promise<void> {
    await this.write(async (tx) => {
      const old = await store.findAnnouncement(tx, id);
      if (!old) throw notFound();
      await store.deleteAnnouncement(tx, id);
      await recordAction(tx, { actorId, action: 'destroy', targetType: 'Announcement', targetId: id }, this.clock());
      if (old.published === 1) tx.emit({ type: 'announcement.streamed', event: 'announcement.delete', payload: String(id) });
    });
  }
}
