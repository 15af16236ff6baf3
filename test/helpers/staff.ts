// Staff members for moderation tests: written to the database with their role (sign-up may be
// closed or need approval), then signed in with the password grant.
import type { TestServer } from './server.js';
import { Api, type TestApp, type TestUser } from './client.js';
import { newAccountRow } from '../../src/accounts/registration.js';
import { insertAccount } from '../../src/accounts/store.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { newId } from '../../src/lib/ids.js';

export async function signInWithPassword(api: Api, app: TestApp, login: string, password: string, scope = 'read write follow push admin:read admin:write') {
  return api.as(undefined).post('/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: login, password, scope });
}

let counter = 0;

/** `app` must be registered with the admin scopes for the token to carry them. */
export async function createStaff(server: TestServer, api: Api, app: TestApp, role: 'owner' | 'admin' | 'moderator' | 'user', username?: string): Promise<TestUser> {
  const name = username ?? `staff${process.pid}_${++counter}`;
  const email = `${name.toLowerCase()}@example.test`;
  const password = 'correct horse battery';
  const id = newId(Date.now());
  await insertAccount(server.ctx.db.kysely, newAccountRow({ username: name, email, password, locale: 'en' }, { id, passwordHash: await hashPassword(password), role: role === 'owner' ? 'owner' : 'user', now: Date.now() }));
  if (role !== 'owner') await server.ctx.db.kysely.updateTable('accounts').set({ role }).where('id', '=', id).execute();
  const token = await signInWithPassword(api, app, email, password);
  if (token.status !== 200) throw new Error(`staff sign-in failed: ${token.status} ${JSON.stringify(token.body)}`);
  return { id: String(id), username: name, email, password, token: token.body.access_token, api: api.as(token.body.access_token) };
}
