// Staff for moderation tests: a user given a role in the database, and a token with the admin
// scopes issued after that (a token is resolved with its account's role).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { Api, createApp, createUser, type TestApp, type TestUser } from '../helpers/client.js';

export const STAFF_SCOPES = 'read write follow push admin:read admin:write';

export interface Staff extends TestUser {
  /** A token with the admin scopes. */
  admin: Api;
}

/** An app that may issue admin tokens. */
export function staffApp(api: Api): Promise<TestApp> {
  return createApp(api, STAFF_SCOPES);
}

export async function setRole(db: Kysely<Database>, user: TestUser, role: string): Promise<void> {
  await db.updateTable('accounts').set({ role }).where('id', '=', Number(user.id)).execute();
}

/** A new account with the role, and a token of it with `scope` (the admin scopes by default). */
export async function createStaff(api: Api, db: Kysely<Database>, app: TestApp, role: string, username?: string, scope = STAFF_SCOPES): Promise<Staff> {
  const user = await createUser(api, username, app);
  await setRole(db, user, role);
  const res = await api.as(undefined).post('/oauth/token', {
    grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: user.username, password: user.password, scope,
  });
  if (res.status !== 200) throw new Error(`password grant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, admin: api.as(res.body.access_token) };
}

/** Polls a bulk action until it has ended; its last state. */
export async function settledAction(admin: Api, id: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await admin.get(`/api/v1/admin/bulk_actions/${id}`);
    if (res.status !== 200) throw new Error(`bulk action ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.state !== 'running') return res.body;
    if (Date.now() > deadline) throw new Error(`bulk action ${id} still running: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ids in an API list of statuses (and of the statuses they reblog). */
export const statusIds = (list: { id: string; reblog?: { id: string } | null }[]) => list.flatMap((s) => (s.reblog ? [s.id, s.reblog.id] : [s.id]));
