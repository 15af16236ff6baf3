import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Write } from '../db/unit-of-work.js';
import type { Database, MediaRow } from '../db/schema.js';
import { forbidden, notFound, unprocessable } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../lib/private-files.js';
import { processImage, type ImageSize } from './process.js';
import { attachMedia, deleteOldUnattached, describeMedia, findMediaByFileName, insertMedia, isProfileImage } from './store.js';
import type { MediaLinkSigner } from './signed-links.js';
import { MEDIA_FILE_NAME, sweepUnreferencedFiles } from './sweep.js';
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

/** A file to send and how it may be cached. */
export interface Delivery {
  file: string;
  cacheControl: string;
}

/** Uploads never attached to a post are deleted after this long (Mastodon: a day as well). */
export const UNATTACHED_TTL_MS = 24 * 3600_000;

const PUBLIC_CACHE = 'public, max-age=31536000, immutable';
/** Unattached uploads: only the uploader has the link; no shared cache keeps them. */
const UPLOAD_CACHE = 'private, max-age=3600';

const restricted = (visibility: string) => visibility !== 'public' && visibility !== 'unlisted';

export class MediaService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly mediaDir: string,
    private readonly publicUrl: () => string,
    private readonly clock: () => number,
    private readonly write: Write,
    private readonly signer: MediaLinkSigner,
    private readonly visibility?: VisibilityService,
  ) {}

  /**
   * An attachment's JSON as shown in a status of this visibility at `now`: for followers-only
   * and direct posts the links are signed (signed-links.ts) and good until a while after
   * `linksReusableUntil(now)`; others, and an upload shown to its uploader, are plain.
   */
  present(row: MediaRow, visibility = 'public', now = this.clock()): MediaJson {
    const base = `${this.publicUrl()}/media/${row.file_name}`;
    let query = '';
    if (restricted(visibility)) {
      const { exp, sig } = this.signer.sign(row.file_name, now);
      query = `?exp=${exp}&sig=${sig}`;
    }
    return {
      id: String(row.id),
      type: row.type,
      url: `${base}.webp${query}`,
      preview_url: `${base}-small.webp${query}`,
      remote_url: null,
      text_url: null,
      preview_remote_url: null,
      meta: JSON.parse(row.meta),
      description: row.description,
      blurhash: row.blurhash,
    };
  }

  /**
   * A status's attachments as shown at `now`, and until when that JSON may be handed out again
   * (a render cache keeps it): a followers-only or direct post's signed links only until their
   * time bucket ends, so that every link handed out has an hour left; others for good.
   */
  presentInStatus(rows: MediaRow[], visibility: string, now: number): { json: MediaJson[]; until: number } {
    const json = rows.map((row) => this.present(row, visibility, now));
    return { json, until: restricted(visibility) ? this.signer.reusableUntil(now) : Infinity };
  }

  now(): number {
    return this.clock();
  }

  /**
   * The file to serve for a media URL and its caching, or undefined (answered 404, never 403:
   * nothing says whether the file exists). Public and unlisted posts' files go to anyone and
   * may be cached anywhere; followers-only and direct posts' files need a link signed for them,
   * cached privately no longer than it lives; a suspended author's files go to no one.
   */
  async deliver(name: string, query: { exp?: string; sig?: string }): Promise<Delivery | undefined> {
    const base = MEDIA_FILE_NAME.exec(name)?.groups?.base;
    if (base === undefined) return undefined;
    const file = path.join(this.mediaDir, name);
    if (base.startsWith('profile-')) return { file, cacheControl: PUBLIC_CACHE };
    const row = await findMediaByFileName(this.db, base);
    if (!row) {
      // A deleted attachment's file may outlive its row for a moment: only avatars and headers
      // are served without one.
      return /^\d+$/.test(base) && (await isProfileImage(this.db, name)) ? { file, cacheControl: PUBLIC_CACHE } : undefined;
    }
    if (row.status_id === null) return { file, cacheControl: UPLOAD_CACHE };
    const status = await this.db.selectFrom('statuses').selectAll().where('id', '=', row.status_id).executeTakeFirst();
    if (!status || (this.visibility && !(await this.visibility.mediaDeliverable(status)))) return undefined;
    if (!restricted(status.visibility)) return { file, cacheControl: PUBLIC_CACHE };
    const now = this.clock();
    if (!this.signer.verify(base, query.exp, query.sig, now)) return undefined;
    const left = Math.max(0, Math.floor(Number(query.exp) - now / 1000));
    return { file, cacheControl: `private, max-age=${left}` };
  }

  /** Stores an image's display and thumbnail renditions under a new random name; returns it. */
  private async storeImage(buffer: Buffer, prefix = '') {
    const image = await processImage(buffer);
    await fs.mkdir(this.mediaDir, { recursive: true, mode: PRIVATE_DIR });
    const name = prefix + crypto.randomBytes(16).toString('hex');
    await fs.writeFile(path.join(this.mediaDir, `${name}.webp`), image.display, { mode: PRIVATE_FILE });
    await fs.writeFile(path.join(this.mediaDir, `${name}-small.webp`), image.thumbnail, { mode: PRIVATE_FILE });
    return { name, meta: image.meta, blurhash: image.blurhash };
  }

  /** An avatar or header: public like the profile, under a name no one can guess. */
  async storeProfileImage(buffer: Buffer): Promise<{ name: string }> {
    return this.storeImage(buffer, 'profile-');
  }

  async upload(accountId: number, buffer: Buffer, description?: string): Promise<MediaJson> {
    if (description !== undefined && description.length > 1500) throw unprocessable('Validation failed: description is too long (maximum is 1500 characters)');
    const now = this.clock();
    const id = newId(now);
    const { name, meta, blurhash } = await this.storeImage(buffer);
    const row: MediaRow = {
      id, account_id: accountId, status_id: null, type: 'image', file_name: name,
      description: description || null, blurhash, meta: JSON.stringify(meta), position: 0, created_at: now,
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

  /** The uploader's own view: signed links if the post it is in is restricted. */
  private async presentOwn(row: MediaRow): Promise<MediaJson> {
    if (row.status_id === null) return this.present(row);
    const status = await this.db.selectFrom('statuses').select('visibility').where('id', '=', row.status_id).executeTakeFirst();
    return this.present(row, status?.visibility ?? 'direct');
  }

  async get(accountId: number, id: number): Promise<MediaJson> {
    return this.presentOwn(await this.own(accountId, id));
  }

  async describe(accountId: number, id: number, description: string | undefined): Promise<MediaJson> {
    const row = await this.own(accountId, id);
    if (description !== undefined && description.length > 1500) throw unprocessable('Validation failed: description is too long (maximum is 1500 characters)');
    if (description !== undefined) await this.write((tx) => describeMedia(tx, id, description || null));
    return this.presentOwn({ ...row, description: description === undefined ? row.description : description || null });
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

  /**
   * The media rows of statuses, in order (presented per viewer's render: posts/presenter.ts).
   * An attachment an edit took out keeps its status (the history shows it, the post's deletion
   * removes it) with a negative position: it is no longer shown (posts/edits-store.ts).
   */
  async ofStatuses(statusIds: number[]): Promise<Map<number, MediaRow[]>> {
    const map = new Map<number, MediaRow[]>();
    if (statusIds.length === 0) return map;
    const rows = await this.db.selectFrom('media_attachments').selectAll().where('status_id', 'in', statusIds).where('position', '>=', 0).orderBy('position').execute();
    for (const row of rows) {
      const list = map.get(row.status_id!) ?? [];
      list.push(row);
      map.set(row.status_id!, list);
    }
    return map;
  }

  /** Deletes the files (both sizes) of rows already deleted; a file already gone is fine. */
  async removeFiles(names: string[]): Promise<void> {
    const files = names.flatMap((name) => (MEDIA_FILE_NAME.test(`${name}.webp`) ? [`${name}.webp`, `${name}-small.webp`] : []));
    await Promise.all(files.map((file) => fs.rm(path.join(this.mediaDir, file), { force: true })));
  }

  /** Deletes uploads never attached to a post within a day, rows then files; returns how many. */
  async collectGarbage(): Promise<number> {
    const names = await deleteOldUnattached(this.db, this.clock() - UNATTACHED_TTL_MS);
    await this.removeFiles(names);
    return names.length;
  }

  /** Deletes day-old files nothing refers to (sweep.ts); returns how many files. */
  sweepFiles(): Promise<number> {
    return sweepUnreferencedFiles(this.db, this.mediaDir, this.clock() - UNATTACHED_TTL_MS);
  }

  /** Collects now and then every `everyMs` until the returned function is called. */
  startCollecting(everyMs: number, onError: (error: unknown) => void): () => void {
    const run = () => void this.collectGarbage().then(() => this.sweepFiles()).catch(onError);
    const first = setTimeout(run, 1000);
    const timer = setInterval(run, everyMs);
    first.unref();
    timer.unref();
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }
}
