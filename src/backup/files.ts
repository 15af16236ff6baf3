// What a backup is made of: the data directory's files (media, secret keys, the status service's
// store), each SQLite database copied through SQLite's online backup API (a consistent snapshot
// while the server writes), and a manifest naming every file with its size and SHA-256.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export const MANIFEST = 'manifest.json';
export const MANIFEST_FORMAT = 'sirb-backup-1';
/** Under a backup folder: the data directory's copy. */
export const DATA = 'data';
/** Under a backup folder: the PostgreSQL database (pg_dump's custom format). */
export const PG_DUMP = 'database.pgdump';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  created_at: string;
  sirb_version: string;
  backend: 'sqlite' | 'postgres';
  /** Migrations the database had: a restore refuses a backup from a newer schema. */
  migrations: string[];
  statuses: number;
  files: ManifestFile[];
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');

export function isSqliteFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The data directory's files, relative, without SQLite's own side files (the backup API reads
 * the WAL through SQLite) and without half-written key drafts (lib/data-dir-key.ts).
 */
export function dataFiles(dataDir: string): string[] {
  if (!fs.existsSync(dataDir)) return [];
  return (fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !/-(wal|shm|journal)$/.test(file) && !/\.\d+\.[0-9a-f]{8}$/.test(file))
    .sort();
}

export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let read; (read = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * SQLite's online backup of `source` into `target`. Another process writing meanwhile restarts
 * a backup that copies in small steps; after the first restart the rest is copied in one step,
 * which reads a single snapshot (WAL readers do not block the writer).
 */
export async function backupSqlite(source: string, target: string, onProgress: (fraction: number) => void): Promise<void> {
  const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    let lastRemaining = Infinity;
    let restarted = false;
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) restarted = true;
        lastRemaining = remainingPages;
        onProgress(totalPages ? 1 - remainingPages / totalPages : 1);
        return restarted ? 0x7fffffff : Math.max(256, Math.ceil(totalPages / 20));
      },
    });
    onProgress(1);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of a database file; null when sound, else what SQLite found. */
export function sqliteIntegrity(file: string): string | null {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
    return problems.length ? problems.slice(0, 5).join('; ') : null;
  } finally {
    db.close();
  }
}

/** A line of progress on stderr: every 10% (a backup of a large media folder takes a while). */
export function progressLine(label: string): (fraction: number) => void {
  let shown = -1;
  return (fraction) => {
    const tenth = Math.floor(Math.min(fraction, 1) * 10);
    if (tenth === shown) return;
    shown = tenth;
    process.stderr.write(`${label}: ${tenth * 10}%\n`);
  };
}
