// Files in the media directory that nothing refers to any more: an avatar or header replaced
// by a new one, or a deleted post's files when the process stopped between the commit and their
// removal. Found by listing the directory; only files a day old are considered, so an upload
// whose files are written but whose row is not yet inserted is never taken.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const BATCH = 500;

/**
 * The file names we write: 128 random bits in hex (attachments), the same after `profile-`
 * (avatars and headers), or digits (the snowflake ids files were named by before; still served
 * by the same rules), then `-small` for a thumbnail, then `.webp`.
 */
export const MEDIA_FILE_NAME = /^(?<base>[0-9a-f]{32}|profile-[0-9a-f]{32}|\d{1,20})(?<small>-small)?\.webp$/;

/** Deletes unreferenced media files last changed before `before` (ms); returns how many. */
export async function sweepUnreferencedFiles(db: Kysely<Database>, mediaDir: string, before: number): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(mediaDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  // base name -> its files old enough to go
  const candidates = new Map<string, string[]>();
  for (const name of names) {
    const base = MEDIA_FILE_NAME.exec(name)?.groups?.base;
    if (base === undefined) continue;
    const stat = await fs.stat(path.join(mediaDir, name)).catch(() => undefined);
    if (!stat || stat.mtimeMs >= before) continue;
    candidates.set(base, [...(candidates.get(base) ?? []), name]);
  }
  const bases = [...candidates.keys()];
  let removed = 0;
  for (let i = 0; i < bases.length; i += BATCH) {
    const batch = bases.slice(i, i + BATCH);
    const used = await referenced(db, batch);
    for (const base of batch) {
      if (used.has(base)) continue;
      for (const name of candidates.get(base)!) {
        await fs.rm(path.join(mediaDir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

/** Which of these base names an attachment row or an account's avatar or header uses. */
async function referenced(db: Kysely<Database>, bases: string[]): Promise<Set<string>> {
  const used = new Set<string>();
  const rows = await db.selectFrom('media_attachments').select('file_name').where('file_name', 'in', bases).execute();
  for (const row of rows) used.add(row.file_name);
  const urls = bases.map((base) => `/media/${base}.webp`);
  const accounts = await db
    .selectFrom('accounts')
    .select(['avatar_url', 'header_url'])
    .where((eb) => eb.or([eb('avatar_url', 'in', urls), eb('header_url', 'in', urls)]))
    .execute();
  for (const account of accounts) {
    for (const url of [account.avatar_url, account.header_url]) {
      const base = url?.match(/^\/media\/(.+)\.webp$/)?.[1];
      if (base) used.add(base);
    }
  }
  return used;
}
