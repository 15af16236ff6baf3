// `npm run backup`: a timestamped folder holding the data directory (media, keys, stores) and
// the database, taken while the server runs. SQLite: the online backup API; PostgreSQL:
// pg_dump (custom format, one consistent snapshot), when pg_dump is on PATH.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import { openDatabase, openSqlite } from '../db/database.js';
import { PRIVATE_FILE, privateDir } from '../lib/private-files.js';
import { SIRB_VERSION } from '../version.js';
import { backupSqlite, DATA, dataFiles, isSqliteFile, MANIFEST, MANIFEST_FORMAT, PG_DUMP, progressLine, sha256File, type Manifest } from './files.js';

export interface BackupOptions {
  /** Where backup folders go (each named by its time). */
  outDir: string;
  log?: (message: string) => void;
}

export async function createBackup(config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: BackupOptions): Promise<string> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  if (!fs.existsSync(config.dataDir)) throw new Error(`There is no data directory at ${config.dataDir} (DATA_DIR): nothing to back up`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const folder = path.join(path.resolve(options.outDir), `sirb-${stamp}`);
  // Written under a temporary name and renamed when complete: a folder named sirb-… is whole.
  const partial = `${folder}.partial`;
  privateDir(path.join(partial, DATA));
  const backend = config.databaseUrl ? 'postgres' : 'sqlite';
  try {
    if (config.databaseUrl) dumpPostgres(config.databaseUrl, path.join(partial, PG_DUMP), log);
    const files = dataFiles(config.dataDir);
    const copyProgress = progressLine(`copying ${files.length} files of ${config.dataDir}`);
    for (const [i, file] of files.entries()) {
      const source = path.join(config.dataDir, file);
      const target = path.join(partial, DATA, file);
      privateDir(path.dirname(target));
      if (isSqliteFile(source)) {
        log(`backing up the SQLite database ${file}`);
        await backupSqlite(source, target, progressLine(`  ${file}`));
      } else {
        try {
          fs.copyFileSync(source, target);
        } catch (error) {
          // A file removed meanwhile (a deleted post's media) is simply not in the backup.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      if (fs.existsSync(target)) fs.chmodSync(target, PRIVATE_FILE);
      copyProgress((i + 1) / files.length);
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      created_at: new Date().toISOString(),
      sirb_version: SIRB_VERSION,
      backend,
      ...(await describeDatabase(config, partial)),
      files: [],
    };
    const listed = [...dataFiles(path.join(partial, DATA)).map((f) => path.join(DATA, f)), ...(config.databaseUrl ? [PG_DUMP] : [])];
    const hashing = progressLine(`checksums of ${listed.length} files`);
    for (const [i, file] of listed.entries()) {
      const full = path.join(partial, file);
      manifest.files.push({ path: file, bytes: fs.statSync(full).size, sha256: sha256File(full) });
      hashing((i + 1) / listed.length);
    }
    fs.writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE });
    fs.renameSync(partial, folder);
    log(`backup written to ${folder} (${manifest.statuses} posts, ${manifest.files.length} files)`);
    return folder;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

function dumpPostgres(databaseUrl: string, target: string, log: (message: string) => void): void {
  log('dumping the PostgreSQL database with pg_dump (one consistent snapshot; the server keeps running)');
  const result = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${target}`, databaseUrl], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('pg_dump is not on PATH: install the PostgreSQL client tools (same major version as the server or newer), or back up as docs/operations.md describes');
  }
  if (result.status !== 0) throw new Error(`pg_dump failed (${result.status}): ${result.stderr.trim()}`);
  fs.chmodSync(target, PRIVATE_FILE);
}

/** The migrations and post count of the database as backed up (for the manifest and the restore's checks). */
async function describeDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'>, partial: string): Promise<{ migrations: string[]; statuses: number }> {
  // SQLite: the copy itself is described (what was taken, not what the server has since written).
  const copied = path.join(partial, DATA, 'sirb.sqlite');
  if (!config.databaseUrl && !fs.existsSync(copied)) throw new Error(`There is no database at ${path.join(config.dataDir, 'sirb.sqlite')}: is DATA_DIR right?`);
  const db = config.databaseUrl ? openDatabase(config) : openSqlite(path.dirname(copied));
  try {
    const migrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely)).rows.map((r) => r.name);
    const statuses = Number((await db.kysely.selectFrom('statuses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { migrations, statuses };
  } finally {
    await db.close();
  }
}
