import { sql, type Kysely } from 'kysely';

// Issue 10, finding 9: one owner, held by the database itself. Until now the first sign-up was
// made 'admin' (shown as Owner), and concurrent first sign-ups on PostgreSQL made several. The
// oldest of them becomes the owner; the others were made by that race, and become users.
// From now on only `npm run admin -- create-owner` makes an owner.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update accounts set role = 'owner' where id = (select min(id) from accounts where role = 'admin')`.execute(db);
  await sql`update accounts set role = 'user' where role = 'admin'`.execute(db);
  // A partial unique index: any number of other roles, one row with role 'owner'. Both SQLite
  // and PostgreSQL have them.
  await sql`create unique index accounts_one_owner on accounts (role) where role = 'owner'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists accounts_one_owner`.execute(db);
  await sql`update accounts set role = 'admin' where role = 'owner'`.execute(db);
}
