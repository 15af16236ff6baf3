// Editing a status, as Mastodon 4.3 does (PUT /api/v1/statuses/:id): the author changes its
// text, content warning, sensitivity, language and attachments; every revision is kept (the
// original too, from the first edit on) for GET /history; an edit that changes nothing makes no
// revision. New mentions are notified, tags and the search form follow the new text, those who
// reblogged it get an `update` notification, and streams get `status.update` (events.ts).
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database, MediaRow, StatusEditRow, StatusRow } from '../db/schema.js';
import type { Write } from '../db/unit-of-work.js';
import { notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { hashtagKey, searchForm } from '../lib/arabic.js';
import { findAccountById, findAccountsByUsernames } from '../accounts/store.js';
import { presentAccount, type AccountJson } from '../accounts/presenter.js';
import { insertNotification, replaceNotificationsAbout } from '../notifications/store.js';
import { exceedsRawLength, parseText, renderContent, weightedLength } from './content.js';
import type { StatusJson } from './presenter.js';
import type { MediaJson, MediaService } from '../media/service.js';
import type { PostService } from './service.js';
import * as store from './store.js';
import * as edits from './edits-store.js';
import { checkPoll, type CheckedPoll, type PollInput, type PollService } from '../polls/service.js';
import { findPoll } from '../polls/store.js';
import { replaceStatusLinks } from '../trends/links.js';
import type { PollRow } from '../db/schema.js';

/**
 * Whether the edit changes the poll: added, removed, or other options, choice kind or totals.
 * Sending the same poll back (as clients do with every edit) keeps it and its votes running;
 * a new expires_in alone does not restart it.
 */
function pollDiffers(current: PollRow | undefined, next: CheckedPoll | null): boolean {
  if (!current || !next) return !!current !== !!next;
  return current.options !== JSON.stringify(next.options) || !!current.multiple !== next.multiple || !!current.hide_totals !== next.hide_totals;
}

export interface StatusEdit {
  /** As the client sent them; absent fields are cleared as Mastodon clears them (all but language). */
  status?: string;
  spoiler_text?: string;
  sensitive?: boolean;
  language?: string;
  media_ids?: number[];
  media_attributes?: { id: number; description?: string }[];
  /** The poll as it should be after the edit; null or absent removes it (as Mastodon). */
  poll?: PollInput | null;
}

export interface StatusEditJson {
  content: string;
  spoiler_text: string;
  sensitive: boolean;
  created_at: string;
  account: AccountJson;
  media_attachments: MediaJson[];
  emojis: never[];
}

export interface StatusSourceJson {
  id: string;
  text: string;
  spoiler_text: string;
}

export class EditService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: Config,
    private readonly write: Write,
    private readonly posts: PostService,
    private readonly media: MediaService,
    private readonly polls: PollService,
    private readonly clock: () => number = Date.now,
  ) {}

  async update(accountId: number, id: number, edit: StatusEdit): Promise<StatusJson> {
    const row = await store.findStatus(this.db, id);
    // Mastodon looks the status up among the caller's own: anyone else's is not found.
    if (!row || row.account_id !== accountId) throw notFound();
    if (row.reblog_of_id !== null) throw unprocessable('Validation failed: A reblog cannot be edited');
    const next = await this.check(accountId, row, edit);
    const current = await edits.shownMedia(this.db, id);
    const mediaChanged =
      current.length !== next.media.length || current.some((m, i) => m.id !== next.media[i].id || (m.description ?? null) !== next.media[i].description);
    const poll = edit.poll ? checkPoll(edit.poll, next.media.length) : null;
    const pollChanged = pollDiffers(row.poll_id == null ? undefined : await findPoll(this.db, row.poll_id), poll);
    const changed =
      pollChanged ||
      mediaChanged || next.text !== row.text || next.spoiler_text !== row.spoiler_text || next.sensitive !== row.sensitive || next.language !== row.language;
    // Mastodon: an edit that changes nothing is no edit (no revision, no edited_at, no event).
    if (!changed) return this.posts.show(id, accountId);

    const mentioned = await findAccountsByUsernames(this.db, next.parsed.mentions);
    const content = renderContent(next.text, { publicUrl: this.config.publicUrl, knownMentions: new Set(mentioned.map((a) => a.username_key)) });
    const now = this.clock();
    await this.write(async (tx) => {
      // One edit of a status at a time; the row it starts from is read under the lock.
      if (!(await store.lockStatus(tx, id))) throw notFound();
      const before = (await store.findStatus(tx, id))!;
      if (!(await edits.hasEdits(tx, id))) {
        // The first edit keeps the original as the first revision, dated when it was posted.
        const media = (await edits.shownMedia(tx, id)).map((m) => ({ id: m.id, description: m.description }));
        // Its id is a new one (an id made for a past time is random within its millisecond, and
        // could meet another's); revisions are listed by their time, then their id.
        await edits.insertEdit(tx, { id: newId(now), status_id: id, account_id: before.account_id, text: before.text, content: before.content, spoiler_text: before.spoiler_text, sensitive: before.sensitive, media, created_at: before.created_at });
      }
      if (!(await edits.setStatusMedia(tx, id, next.media))) throw unprocessable('Validation failed: media was not found');
      await edits.updateEditedStatus(tx, before, {
        text: next.text,
        content,
        spoiler_text: next.spoiler_text,
        sensitive: next.sensitive,
        language: next.language,
        search_text: searchForm(`${next.spoiler_text} ${next.text}`),
        edited_at: now,
      });
      // A poll whose options or kind changed is a new poll: its votes go (as Mastodon resets them).
      if (pollChanged) await this.polls.replacePoll(tx, id, edit.poll ?? null, next.media.length);
      const added = await edits.setMentions(tx, id, mentioned.map((a) => a.id));
      const tags = next.parsed.hashtags.map((name) => ({ name, key: hashtagKey(name), id: newId(now) }));
      await edits.setTags(tx, before, [...(await store.upsertTags(tx, tags, now)).values()]);
      await replaceStatusLinks(tx, { id, account_id: Number(before.account_id), created_at: Number(before.created_at) }, next.parsed.urls);
      await edits.insertEdit(tx, { id: newId(now), status_id: id, account_id: accountId, text: next.text, content, spoiler_text: next.spoiler_text, sensitive: next.sensitive, media: next.media, created_at: now });
      // Only those mentioned for the first time are told (the others were, when they were).
      for (const account of added) await insertNotification(tx, { accountId: account, fromAccountId: accountId, type: 'mention', statusId: id, now });
      // Those who reblogged it: one `update` notification each, the newest replacing the last
      // (as Mastodon's LocalNotificationWorker); blocks and mutes are insertNotification's.
      await replaceNotificationsAbout(tx, { accountIds: await edits.rebloggerIds(tx, id), fromAccountId: accountId, type: 'update', statusId: id, now });
    });
    return this.posts.show(id, accountId);
  }

  /** The same checks as a new post's (posts/service.ts check), on the edited fields. */
  private async check(accountId: number, row: StatusRow, edit: StatusEdit) {
    const text = (edit.status ?? '').replace(/\r\n?/g, '\n');
    const mediaIds = [...new Set(edit.media_ids ?? [])];
    if (!text.trim() && mediaIds.length === 0) throw unprocessable("Validation failed: Text can't be blank");
    if (exceedsRawLength(text, this.config.maxPostRawLength) || weightedLength(text) > this.config.maxPostLength) {
      throw unprocessable(`Validation failed: Text character limit of ${this.config.maxPostLength} exceeded`);
    }
    if (mediaIds.length > 4) throw unprocessable('Validation failed: a post can have at most 4 images');
    const rows = await edits.mediaByIds(this.db, mediaIds);
    const media = mediaIds.map((mediaId) => {
      const found = rows.find((r) => r.id === mediaId);
      // The author's uploads not yet in a post, and this post's own (shown now or earlier).
      if (!found || found.account_id !== accountId || (found.status_id !== null && found.status_id !== row.id)) {
        throw unprocessable(`Validation failed: media ${mediaId} was not found`);
      }
      const attribute = edit.media_attributes?.find((a) => a.id === mediaId);
      if (attribute?.description !== undefined && attribute.description.length > 1500) {
        throw unprocessable('Validation failed: description is too long (maximum is 1500 characters)');
      }
      return { id: mediaId, description: attribute?.description !== undefined ? attribute.description || null : found.description };
    });
    // As Mastodon: no language keeps the status's; a given one must be a code.
    if (edit.language !== undefined && edit.language !== '' && !/^[a-z]{2,3}$/i.test(edit.language)) {
      throw unprocessable('Validation failed: Language is not a valid ISO 639 code');
    }
    const spoiler_text = (edit.spoiler_text ?? '').slice(0, 500);
    return {
      text,
      parsed: parseText(text),
      media,
      spoiler_text,
      sensitive: edit.sensitive || spoiler_text ? 1 : 0,
      language: edit.language ? edit.language.toLowerCase() : row.language,
    };
  }

  /** Every revision, oldest first, the original included; a status never edited has one. */
  async history(id: number, viewerId?: number): Promise<StatusEditJson[]> {
    const status = await this.posts.visibleStatus(id, viewerId);
    const author = await findAccountById(this.db, status.account_id);
    if (!author) throw notFound();
    const account = presentAccount(author, this.config.publicUrl);
    type Revision = Pick<StatusEditRow, 'content' | 'spoiler_text' | 'sensitive' | 'created_at'> & { media: edits.EditedMedia[] };
    let revisions: Revision[] = (await edits.editsOf(this.db, id)).map((e) => ({ ...e, media: edits.mediaOfEdit(e) }));
    if (revisions.length === 0) {
      // Never edited: the status as it is is its one revision (as Mastodon answers).
      const media = (await edits.shownMedia(this.db, id)).map((m) => ({ id: m.id, description: m.description }));
      revisions = [{ content: status.content, spoiler_text: status.spoiler_text, sensitive: status.sensitive, created_at: status.edited_at ?? status.created_at, media }];
    }
    const rows = new Map((await edits.mediaByIds(this.db, revisions.flatMap((r) => r.media.map((m) => m.id)))).map((m) => [m.id, m]));
    const now = this.media.now();
    return revisions.map((revision) => {
      const shown = revision.media.flatMap((m): MediaRow[] => {
        const found = rows.get(m.id);
        return found && found.status_id === id ? [{ ...found, description: m.description }] : [];
      });
      return {
        content: revision.content,
        spoiler_text: revision.spoiler_text,
        sensitive: revision.sensitive === 1,
        created_at: new Date(revision.created_at).toISOString(),
        account,
        media_attachments: this.media.presentInStatus(shown, status.visibility, now).json,
        emojis: [],
      };
    });
  }

  /** The plain text a client puts back in its composer to edit the status. */
  async source(id: number, viewerId?: number): Promise<StatusSourceJson> {
    const status = await this.posts.visibleStatus(id, viewerId);
    return { id: String(status.id), text: status.text, spoiler_text: status.spoiler_text };
  }
}
