import { test } from 'node:test';
import assert from 'node:assert/strict';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { queryTemplate } from './query-template.js';

interface Db {
  items: { id: number; owner: number; name: string };
}

function memoryDb(): Kysely<Db> {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.exec("create table items (id integer primary key, owner integer, name text); insert into items values (1, 7, 'a'), (2, 7, 'b'), (3, 8, 'c'), (4, 7, 'd')");
  return new Kysely<Db>({ dialect: new SqliteDialect({ database: sqlite }) });
}

test('runs with the real values in their places, for each list length, compiling each shape once', async () => {
  const db = memoryDb();
  let builds = 0;
  const ownedAmong = queryTemplate((k: Kysely<Db>, { owner, ids }: { owner: number; ids: number[] }) => {
    builds += 1;
    return k.selectFrom('items').select('name').where('owner', '=', owner).where('id', 'in', ids).orderBy('id');
  });
  assert.deepEqual((await ownedAmong(db, { owner: 7, ids: [1, 3, 4] })).map((r) => r.name), ['a', 'd']);
  assert.deepEqual((await ownedAmong(db, { owner: 8, ids: [1, 2, 3] })).map((r) => r.name), ['c']);
  assert.equal(builds, 1, 'same shape: compiled once');
  assert.deepEqual((await ownedAmong(db, { owner: 7, ids: [2] })).map((r) => r.name), ['b']);
  assert.equal(builds, 2, 'a new list length is a new shape');
  await db.destroy();
});

test('refuses a query that does not pass an argument as a parameter', async () => {
  const db = memoryDb();
  const inlined = queryTemplate((k: Kysely<Db>, { owner }: { owner: number }) => k.selectFrom('items').select('name').where('owner', '=', sql.lit(owner)));
  await assert.rejects(inlined(db, { owner: 7 }), /inlined|not one of the arguments/);
  await db.destroy();
});
