// Staff fixtures: a user of any role whose token carries the admin scopes.
import type { TestServer } from '../helpers/server.js';
import { Api, createApp, createUser, type TestApp, type TestUser } from '../helpers/client.js';

export const ADMIN_SCOPES = 'read write follow push admin:read admin:write';

export type Role = 'owner' | 'admin' | 'moderator' | 'user';

/** Sets the account's role in the database and makes every process forget its cached tokens. */
export async function setRole(server: TestServer, user: TestUser, role: Role): Promise<void> {
  await server.ctx.db.kysely.updateTable('accounts').set({ role }).where('id', '=', Number(user.id)).execute();
  await server.ctx.events.publish({ type: 'account.access.changed', accountId: Number(user.id), refused: false });
}

/** A user of the role, signed up through an app allowed the admin scopes. */
export async function staffUser(server: TestServer, api: Api, role: Role, app?: TestApp): Promise<TestUser> {
  const user = await createUser(api, undefined, app ?? (await createApp(api, ADMIN_SCOPES)));
  if (role !== 'user') await setRole(server, user, role);
  return user;
}
