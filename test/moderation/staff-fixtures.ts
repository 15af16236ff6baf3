// Staff for moderation tests: a user given a role in the database (as the owner command or an
// admin would give it) and signed in again with the admin scopes, so the token carries them.
import type { TestEnv } from '../helpers/server.js';
import { createApp, createUser, type TestUser } from '../helpers/client.js';

export interface StaffUser extends TestUser {
  /** A token with read, write and the admin scopes. */
  admin: TestUser['api'];
}

export async function setRole(env: TestEnv, userId: string, role: string): Promise<void> {
  await env.server.ctx.db.kysely.updateTable('accounts').set({ role }).where('id', '=', Number(userId)).execute();
}

/** A token for the user with exactly these scopes (password grant through an app allowed them). */
export async function tokenWithScopes(env: TestEnv, user: TestUser, scopes: string): Promise<TestUser['api']> {
  const app = await createApp(env.api, scopes);
  const res = await env.api.as(undefined).post('/oauth/token', {
    grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.email, password: user.password, scope: scopes,
  });
  if (res.status !== 200) throw new Error(`password grant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return env.api.as(res.body.access_token);
}

export async function createStaff(env: TestEnv, role: 'owner' | 'admin' | 'moderator'): Promise<StaffUser> {
  const user = await createUser(env.api, undefined, env.app);
  // One owner per database (a unique index): an owner made twice in one suite is an admin.
  await setRole(env, user.id, role);
  const admin = await tokenWithScopes(env, user, 'read write admin:read admin:write');
  return { ...user, admin };
}
