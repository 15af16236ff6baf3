// The dedicated probe account: registered through the app's own Mastodon API the first time, its
// credentials and its one access token kept in the status store (0600). The token is reused cycle
// after cycle, so the app sees one steady client (and can give it its own allowance) instead of a
// new token every 15 s. Each cycle's Sign-in probe checks that the kept session still works; a real
// password-grant sign-in happens when there is no usable token, and once per `freshSignInMs` so a
// broken sign-in flow still shows. The token a fresh sign-in replaces is revoked.
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
  /** When accessToken was obtained (epoch ms); absent in stores from before tokens were kept. */
  signedInAt?: number;
}

const SCOPES = 'read write follow';
/** Answers meaning "these credentials are no good", as opposed to the app being down or busy. */
const REJECTED = new Set([400, 401, 403, 422]);

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
  // The app token was only needed to register: do not leave it behind.
  await revoke(client, { clientId: app.client_id, clientSecret: app.client_secret }, appToken.access_token);
  return { clientId: app.client_id, clientSecret: app.client_secret, username, email, password, accessToken: account.access_token };
}

async function revoke(client: AppClient, creds: { clientId: string; clientSecret: string }, token: string): Promise<void> {
  // Best effort: a token the app has already forgotten needs no revoking.
  await client.json('/oauth/revoke', { form: { client_id: creds.clientId, client_secret: creds.clientSecret, token } }).catch(() => undefined);
}

export class ProbeAccount {
  constructor(
    private readonly db: StatusDb,
    private readonly client: AppClient,
    private readonly clock: () => number = Date.now,
    private readonly freshSignInMs = 3_600_000,
  ) {}

  async credentials(): Promise<ProbeCredentials | undefined> {
    return getKv<ProbeCredentials>(this.db, KEY);
  }

  /**
   * The Sign-in probe: returns a working token for the probe account. Reuses the kept token while
   * the app accepts it; signs in with the password grant when there is none, when the app rejects
   * it (revoked, or the app's data was reset) or when the last real sign-in is `freshSignInMs` old.
   * Registers first when there is no account yet, and again when the app no longer knows it.
   */
  async signIn(): Promise<string> {
    let creds = await this.credentials();
    if (!creds) creds = await this.registerAndStore();
    const kept = creds.accessToken;
    const due = this.clock() - (creds.signedInAt ?? 0) >= this.freshSignInMs;
    if (kept && !due) {
      try {
        await this.client.json('/api/v1/accounts/verify_credentials', { token: kept });
        return kept;
      } catch (error) {
        // Only a rejected token is replaced; an app that is down or throttling fails this probe.
        if ((error as ProbeError).status !== 401) throw error;
      }
    }
    try {
      return await this.passwordGrant(creds, kept);
    } catch (error) {
      const status = (error as ProbeError).status;
      if (status !== undefined && REJECTED.has(status)) {
        await deleteKv(this.db, KEY);
        creds = await this.registerAndStore();
        return creds.accessToken ?? this.passwordGrant(creds, undefined);
      }
      throw error;
    }
  }

  private async registerAndStore(): Promise<ProbeCredentials> {
    const creds = { ...(await register(this.client)), signedInAt: this.clock() };
    await setKv(this.db, KEY, creds);
    return creds;
  }

  private async passwordGrant(creds: ProbeCredentials, replacing: string | undefined): Promise<string> {
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
    await setKv(this.db, KEY, { ...creds, accessToken: token.access_token, signedInAt: this.clock() });
    if (replacing && replacing !== token.access_token) await revoke(this.client, creds, replacing);
    return token.access_token;
  }
}
