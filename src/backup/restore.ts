// `npm run restore <backup folder>`: checks the backup (manifest, every file's SHA-256, SQLite's
// integrity check, a schema this code knows), then puts it in place of the data directory (and,
// on PostgreSQL, restores the database with pg_restore). It refuses when a server is using the
// data (a process holding the SQLite file open, or other sessions on the PostgreSQL database)
// unless --force; data already there is moved aside, never deleted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { knownMigrationNames } from '../db/database.js';
import { privateDir } from '../lib/private-files.js';
import { DATA, MANIFEST, MANIFEST_FORMAT, PG_DUMP, progressLine, sha256File, sqliteIntegrity, type Manifest } from './files.js';

export interface RestoreOptions {
  /** Restore even though a server seems to be using the data. */
  force?: boolean;
  log?: (message: string) => void;
}

export class RestoreRefused extends Error {}

export function checkBackup(folder: string): Manifest {
  const manifestFile = path.join(folder, MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new RestoreRefused(`${folder} is not a Sirb backup: it has no ${MANIFEST}`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new RestoreRefused(`${manifestFile}: unknown format ${JSON.stringify(manifest.format)}`);
  const checking = progressLine(`checking ${manifest.files.length} files`);
  for (const [i, file] of manifest.files.entries()) {
    const full = path.join(folder, file.path);
    if (!fs.existsSync(full)) throw new RestoreRefused(`the backup is incomplete: ${file.path} is missing`);
    if (sha256File(full) !== file.sha256) throw new RestoreRefused(`the backup is damaged: ${file.path} does not match its checksum`);
    if (file.path.endsWith('.sqlite')) {
      const problem = sqliteIntegrity(full);
      if (problem) throw new RestoreRefused(`the backup is damaged: ${file.path} fails SQLite's integrity check (${problem})`);
    }
    checking((i + 1) / manifest.files.length);
  }
  const known = new Set(knownMigrationNames(manifest.backend));
  const newer = manifest.migrations.filter((name) => !known.has(name));
  if (newer.length) throw new RestoreRefused(`the backup was made by a newer Sirb (migrations ${newer.join(', ')}): restore it with that release`);
  return manifest;
}

/** Processes (other than this one) with `file` open: a running server (Linux: /proc). */
function processesUsing(file: string): number[] {
  if (!fs.existsSync('/proc/self/fd') || !fs.existsSync(file)) return [];
  const target = fs.realpathSync(file);
  const pids: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
          pids.push(Number(pid));
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return pids;
}

export async function restoreBackup(folder: string, config: Pick<Config, 'dataDir' | 'databaseUrl'>, options: RestoreOptions = {}): Promise<void> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const manifest = checkBackup(folder);
  const wants = config.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.backend !== wants) {
    throw new RestoreRefused(`the backup holds a ${manifest.backend} database but this configuration uses ${wants} (${config.databaseUrl ? 'DATABASE_URL is set' : 'DATABASE_URL is unset'})`);
  }
  const dataDir = path.resolve(config.dataDir);
  const users = processesUsing(path.join(dataDir, 'sirb.sqlite'));
  if (users.length && !options.force) {
    throw new RestoreRefused(`a running process (pid ${users.join(', ')}) has ${path.join(dataDir, 'sirb.sqlite')} open: stop the server first, or pass --force`);
  }
  if (config.databaseUrl) await restorePostgres(config.databaseUrl, path.join(folder, PG_DUMP), options, log);
  // The copy is made beside the data directory, then swapped in by renames.
  const incoming = `${dataDir}.restoring-${process.pid}`;
  fs.rmSync(incoming, { recursive: true, force: true });
  privateDir(incoming);
  const files = manifest.files.filter((f) => f.path.startsWith(`${DATA}/`));
  const copying = progressLine(`restoring ${files.length} files into ${dataDir}`);
  for (const [i, file] of files.entries()) {
    const target = path.join(incoming, path.relative(DATA, file.path));
    privateDir(path.dirname(target));
    fs.copyFileSync(path.join(folder, file.path), target);
    copying((i + 1) / files.length);
  }
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    const aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dataDir, aside);
    log(`the data that was in ${dataDir} is kept in ${aside}`);
  } else {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  fs.renameSync(incoming, dataDir);
  log(`restored ${folder} (${manifest.statuses} posts, taken ${manifest.created_at}) into ${dataDir}`);
}

async function restorePostgres(databaseUrl: string, dump: string, options: RestoreOptions, log: (message: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sessions = Number((await client.query('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows[0].n);
    if (sessions > 0 && !options.force) {
      throw new RestoreRefused(`the database has ${sessions} other open session${sessions > 1 ? 's' : ''} (a running server?): stop it first, or pass --force`);
    }
  } finally {
    await client.end();
  }
  log('restoring the PostgreSQL database with pg_restore (--clean: its tables are replaced)');
  const result = spawnSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${databaseUrl}`, dump], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pg_restore is not on PATH: install the PostgreSQL client tools');
  if (result.status !== 0) throw new Error(`pg_restore failed (${result.status}): ${result.stderr.trim()}`);
}
