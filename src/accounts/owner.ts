// The server's one owner, made by whoever runs it (`npm run admin -- create-owner`), never by
// being the first to sign up: with open registrations that race is anyone's to win.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRow, Database } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from './passwords.js';
import { newAccountRow, registrationErrors, uniqueViolation } from './registration.js';
import * as store from './store.js';

export class OwnerError extends Error {}

export interface OwnerInput {
  username: string;
  email: string;
  /** Generated (and returned) when not given. */
  password?: string;
}

/** Creates the owner account. The database's unique index on the owner role has the last word. */
export async function createOwner(db: Kysely<Database>, input: OwnerInput, now = Date.now()): Promise<{ account: AccountRow; password: string }> {
  const password = input.password ?? crypto.randomBytes(18).toString('base64url');
  const errors = registrationErrors({ ...input, password }, { allowReserved: true });
  const problems = Object.values(errors).flat().map((e) => e.description);
  if (problems.length) throw new OwnerError(problems.join('; '));
  if (await findOwner(db)) throw new OwnerError('This server already has an owner');
  if (await store.findAccountByUsername(db, input.username)) throw new OwnerError('Username is already taken');
  if (await store.findAccountByLogin(db, input.email)) throw new OwnerError('Email is already taken');
  const id = newId(now);
  try {
    await store.insertAccount(db, newAccountRow({ ...input, password }, { id, passwordHash: await hashPassword(password), role: 'owner', now }));
  } catch (error) {
    const taken = uniqueViolation(error);
    if (taken === 'owner') throw new OwnerError('This server already has an owner');
    if (taken) throw new OwnerError(`${taken === 'email' ? 'Email' : 'Username'} is already taken`);
    throw error;
  }
  return { account: (await store.findAccountById(db, id))!, password };
}

export function findOwner(db: Kysely<Database>): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('role', '=', 'owner').executeTakeFirst();
}
