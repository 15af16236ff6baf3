import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Write } from '../db/unit-of-work.js';
import type { Database, MediaRow } from '../db/schema.js';
import { forbidden, notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../lib/private-files.js';
import { processImage, type ImageSize } from './process.js';
import { attachMedia, describeMedia, insertMedia } from './store.js';
import type { VisibilityService } from '../visibility/service.js';

export interface MediaJson {
  id: string;
  type: string;
  url: string;
  preview_url: string;
  remote_url: null;
  text_url: null;
  preview_remote_url: null;
  meta: { original?: ImageSize; small?: ImageSize };
  description: string | null;
  blurhash: string | null;
}

export class MediaService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly mediaDir: string,
    private readonly publicUrl: () => string,
    private readonly clock: () => number,
    private readonly write: Write,
    private readonly visibility?: VisibilityService,
  ) {}

  present(row: MediaRow): MediaJson {
    const base = `${this.publicUrl()}/media/${row.file_name}`;
    return {
      id: String(row.id),
      type: row.type,
      url: `${base}.webp`,
      preview_url: `${base}-small.webp`,
      remote_url: null,
      text_url: null,
      preview_remote_url: null,
      meta: JSON.parse(row.meta),
      description: row.description,
      blurhash: row.blurhash,
    };
  }

  filePath(name: string): string | undefined {
    // Only names we wrote ourselves: digits, an optional -small, .webp.
    if (!/^\d+(-small)?\.webp$/.test(name)) return undefined;
    return path.join(this.mediaDir, name);
  }

  /**
   * The file to serve for a media URL, or undefined: not one of ours, or of a status that may
   * not be delivered (visibility/rules.ts mayDeliverMedia). Unattached files (new uploads, or
   * kept for "delete and redraft") are served to whoever holds the link, as attached ones.
   */
  async deliverablePath(name: string): Promise<string | undefined> {
    const file = this.filePath(name);
    if (!file || !this.visibility) return file;
    const mediaId = Number(name.replace(/(-small)?\.webp$/, ''));
    const status = await this.db
      .selectFrom('media_attachments')
      .innerJoin('statuses', 'statuses.id', 'media_attachments.status_id')
      .selectAll('statuses')
      .where('media_attachments.id', '=', mediaId)
      .executeTakeFirst();
    if (status && !(await this.visibility.mediaDeliverable(status))) return undefined;
    return file;
  }

  /** Stores an image's display and thumbnail renditions; returns the base file name. */
  async storeImage(buffer: Buffer, id: number) {
    const image = await processImage(buffer);
    await fs.mkdir(this.mediaDir, { recursive: true, mode: PRIVATE_DIR });
    const name = String(id);
    await fs.writeFile(path.join(this.mediaDir, `${name}.webp`), image.display, { mode: PRIVATE_FILE });
    await fs.writeFile(path.join(this.mediaDir, `${name}-small.webp`), image.thumbnail, { mode: PRIVATE_FILE });
    return { name, meta: image.meta };
  }

  async upload(accountId: number, buffer: Buffer, description?: string): Promise<MediaJson> {
    if (description !== undefined && description.length > 1500) throw unprocessable('Validation failed: description is too long (maximum is 1500 characters)');
    const now = this.clock();
    const id = newId(now);
    const { name, meta } = await this.storeImage(buffer, id);
    const row: MediaRow = {
      id, account_id: accountId, status_id: null, type: 'image', file_name: name,
      description: description || null, blurhash: null, meta: JSON.stringify(meta), position: 0, created_at: now,
    };
    await insertMedia(this.db, row);
    return this.present(row);
  }

  private async own(accountId: number, id: number): Promise<MediaRow> {
    const row = await this.db.selectFrom('media_attachments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.account_id !== accountId) throw forbidden('This media belongs to someone else');
    return row;
  }

  async get(accountId: number, id: number): Promise<MediaJson> {
    return this.present(await this.own(accountId, id));
  }

  async describe(accountId: number, id: number, description: string | undefined): Promise<MediaJson> {
    const row = await this.own(accountId, id);
    if (description !== undefined && description.length > 1500) throw unprocessable('Validation failed: description is too long (maximum is 1500 characters)');
    if (description !== undefined) await this.write((tx) => describeMedia(tx, id, description || null));
    return this.present({ ...row, description: description === undefined ? row.description : description || null });
  }

  /** Checks media ids for a new post: the poster's own, not yet used, at most four. */
  async checkAttachable(accountId: number, ids: number[]): Promise<void> {
    if (ids.length > 4) throw unprocessable('Validation failed: a post can have at most 4 images');
    if (ids.length === 0) return;
    const rows = await this.db.selectFrom('media_attachments').select(['id', 'account_id', 'status_id']).where('id', 'in', ids).execute();
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row || row.account_id !== accountId) throw unprocessable(`Validation failed: media ${id} was not found`);
      if (row.status_id !== null) throw unprocessable(`Validation failed: media ${id} is already attached to a post`);
    }
  }

  async attach(db: Kysely<Database>, statusId: number, ids: number[]): Promise<void> {
    await attachMedia(db, statusId, ids);
  }

  async ofStatuses(statusIds: number[]): Promise<Map<number, MediaJson[]>> {
    const map = new Map<number, MediaJson[]>();
    if (statusIds.length === 0) return map;
    const rows = await this.db.selectFrom('media_attachments').selectAll().where('status_id', 'in', statusIds).orderBy('position').execute();
    for (const row of rows) {
      const list = map.get(row.status_id!) ?? [];
      list.push(this.present(row));
      map.set(row.status_id!, list);
    }
    return map;
  }
}
