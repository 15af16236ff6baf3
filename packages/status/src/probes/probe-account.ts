// The dedicated probe account: registered through the app's own Mastodon API the first time, its
// credentials kept in the status store, and signed in afresh on every probe cycle (that sign-in
// is itself the Sign-in component's probe).
import crypto from 'node:crypto';
import { deleteKv, getKv, setKv, type StatusDb } from '../store/database.js';
import { AppClient, ProbeError, ProbeSkipped } from './http.js';

const KEY = 'probe_account';

export interface ProbeCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  email: string;
  password: string;
  accessToken?: string;
}

const SCOPES = 'read write follow';

async function register(client: AppClient): Promise<ProbeCredentials> {
  // Sirb makes the first account on a fresh instance its Owner. The probe must never be that
  // account, so it waits until a person has signed up.
  const instance = await client.json<{ stats?: { user_count?: number } }>('/api/v1/instance');
  if (instance.stats?.user_count === 0) throw new ProbeSkipped('the app has no accounts yet; the probe account waits for the first (owner) account');
  const app = await client.json<{ client_id: string; client_secret: string }>('/api/v1/apps', {
    json: { client_name: 'Sirb status probe', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: SCOPES },
  });
  const appToken = await client.json<{ access_token: string }>('/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES },
  });
  const suffix = crypto.randomBytes(3).toString('hex');
  const username = `status_probe_${suffix}`;
  const email = `status-probe-${suffix}@example.com`;
  const password = crypto.randomBytes(18).toString('base64url');
  const account = await client.json<{ access_token: string }>('/api/v1/accounts', {
    token: appToken.access_token,
    json: { username, email, password, agreement: true, locale: 'ar', reason: 'Status page probe' },
  });
  return { clientId: app.client_id, clientSecret: app.client_secret, username, email, password, accessToken: account.access_token };
}

export class ProbeAccount {
  constructor(
    private readonly db: StatusDb,
    private readonly client: AppClient,
  ) {}

  async credentials(): Promise<ProbeCredentials | undefined> {
    return getKv<ProbeCredentials>(this.db, KEY);
  }

  /**
   * Signs in with the password grant and returns a fresh token. Registers first when there is no
   * account yet; re-registers once when the app no longer knows the account (its data was reset).
   */
  async signIn(): Promise<string> {
    let creds = await this.credentials();
    if (!creds) creds = await this.registerAndStore();
    try {
      return await this.passwordGrant(creds);
    } catch (error) {
      const status = (error as ProbeError).status;
      if (status === 400 || status === 401 || status === 403 || status === 422) {
        await deleteKv(this.db, KEY);
        creds = await this.registerAndStore();
        return this.passwordGrant(creds);
      }
      throw error;
    }
  }

  private async registerAndStore(): Promise<ProbeCredentials> {
    const creds = await register(this.client);
    await setKv(this.db, KEY, creds);
    return creds;
  }

  private async passwordGrant(creds: ProbeCredentials): Promise<string> {
    const token = await this.client.json<{ access_token?: string }>('/oauth/token', {
      form: {
        grant_type: 'password',
        username: creds.email,
        password: creds.password,
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
        scope: SCOPES,
      },
    });
    if (!token.access_token) throw new ProbeError('sign-in answered without an access token');
    await setKv(this.db, KEY, { ...creds, accessToken: token.access_token });
    return token.access_token;
  }
}
