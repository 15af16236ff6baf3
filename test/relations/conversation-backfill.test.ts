// The blocks-and-mutes migration gives existing replies their conversation (the first post of
// their thread), on SQLite and PostgreSQL alike: a recursive walk down from each first post.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/database.js';
import * as blocksAndMutes from '../../src/db/migrations/2026-12-02-blocks-and-mutes.js';

test('existing replies get their thread’s first post as conversation; first posts and orphans keep null', async () => {
  const db = await openTestDatabase();
  try {
    // As before the migration: no conversation column yet.
    await blocksAndMutes.down(db.kysely);
    const row = (id: number, inReplyTo: number | null) => ({
      id, account_id: 1, text: '', content: '', spoiler_text: '', sensitive: 0, visibility: 'public', language: null, in_reply_to_id: inReplyTo,
      in_reply_to_account_id: inReplyTo === null ? null : 1, reblog_of_id: null, app_id: null, search_text: '', created_at: 0, edited_at: null,
    });
    // 1 <- 2 <- 3, 1 <- 4; 10 <- 11; 21 answers 20, which is gone; 30 stands alone.
    const rows = [row(1, null), row(2, 1), row(3, 2), row(4, 1), row(10, null), row(11, 10), row(21, 20), row(30, null)];
    await (db.kysely as any).insertInto('statuses').values(rows).execute();
    await blocksAndMutes.up(db.kysely);
    const after = await db.kysely.selectFrom('statuses').select(['id', 'conversation_id']).orderBy('id').execute();
    assert.deepEqual(
      after.map((r) => [Number(r.id), r.conversation_id === null ? null : Number(r.conversation_id)]),
      [[1, null], [2, 1], [3, 1], [4, 1], [10, null], [11, 10], [21, null], [30, null]],
    );
    // The tables came back too.
    assert.deepEqual(await db.kysely.selectFrom('blocks').selectAll().execute(), []);
  } finally {
    await db.close();
  }
});
