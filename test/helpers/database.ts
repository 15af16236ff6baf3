// A migrated database of its own for store-level tests: SQLite in a temp dir, or a fresh
// PostgreSQL database on the PostgreSQL + Redis pass (SIRB_TEST_BACKEND).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.js';
import { isolatedBackend } from './backend.js';

export async function openTestDatabase(): Promise<Db> {
  const backend = await isolatedBackend();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sirb-db-'));
  const db = openDatabase({ databaseUrl: backend.databaseUrl, dataDir });
  await migrateToLatest(db);
  return {
    ...db,
    close: async () => {
      await db.close();
      await backend.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
