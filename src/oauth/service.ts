// OAuth2 as Mastodon does it: apps register, then get tokens by authorization code (+ PKCE),
// client credentials, or (first-party) password.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppRow, Database } from '../db/schema.js';
import { ApiError } from '../http/errors.js';
import { LOGIN_REFUSALS, loginRefusalOf, type LoginRefusal, type RequestAuth } from '../http/auth.js';
import { newId } from '../lib/ids.js';
import type { EventBus, SirbEvent } from '../events.js';
import type { Write } from '../db/unit-of-work.js';
import { findAccountByLogin } from '../accounts/store.js';
import { verifyPassword } from '../accounts/passwords.js';
import { withoutDeceptiveCharacters } from '../lib/deceptive-text.js';
import { isKnownScope, parseScopes, withinScopes } from './scopes.js';
import { OOB_REDIRECT, redirectUriProblem } from './redirect-uris.js';
import * as store from './store.js';
import { hasTwoFactor } from './two-factor.js';
import { TokenCache } from './token-cache.js';
import { presentApp, type AppJson } from './app-presenter.js';

export { OOB_REDIRECT };
export { presentApp, type AppJson };
const CODE_TTL_MS = 10 * 60 * 1000;
/** Used codes are kept this long past their expiry, to recognise a late reuse. */
const USED_CODE_KEPT_MS = 60 * 60 * 1000;

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const randomToken = () => crypto.randomBytes(32).toString('base64url');

/** Equal strings, compared in time that does not depend on where they differ. */
function sameSecret(given: string, expectedSha256Hex: string): boolean {
  const expected = Buffer.from(expectedSha256Hex, 'hex');
  const actual = crypto.createHash('sha256').update(given).digest();
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
// RFC 7636 §4.1: 43 to 128 unreserved characters.
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const invalidGrant = () =>
  new OAuthError('invalid_grant', 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.');

/** RFC 6749 error responses carry error + error_description. */
export class OAuthError extends ApiError {
  constructor(code: string, description: string, status = 400) {
    super(status, code, description);
  }
}

const badClient = () => new OAuthError('invalid_client', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.', 401);

/** PKCE with S256 only: "plain" sends the verifier itself, readable wherever the URL is logged. */
function checkPkceChallenge(challenge: string | undefined, method: string | undefined): void {
  if (challenge === undefined) return;
  if (method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256 (plain is not supported)');
  if (!S256_CHALLENGE.test(challenge)) throw new OAuthError('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');
}

export interface TokenJson {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  created_at: number;
}

export class OAuthService {
  /** Resolved tokens (token-cache.ts), emptied of revoked ones by events from every process. */
  private readonly tokens: TokenCache;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number = Date.now,
    events: EventBus,
    private readonly write: Write,
  ) {
    this.tokens = new TokenCache(db);
    // Revocations from every process, this one's included.
    events.subscribe((event) => this.forget(event));
  }

  async registerApp(input: { client_name: string; redirect_uris: string | string[]; scopes?: string; website?: string }): Promise<AppJson> {
    // An app's name is shown on the sign-in page: it must not read as another app's.
    const name = withoutDeceptiveCharacters(input.client_name).trim();
    if (!name) throw new ApiError(422, 'Validation failed: client_name can\'t be blank');
    const uris = (Array.isArray(input.redirect_uris) ? input.redirect_uris : input.redirect_uris.split(/\s+/)).filter(Boolean);
    if (uris.length === 0) throw new ApiError(422, 'Validation failed: redirect_uris can\'t be blank');
    for (const uri of uris) {
      const problem = redirectUriProblem(uri);
      if (problem) throw new ApiError(422, `Validation failed: redirect URI "${uri}" ${problem}`);
    }
    const scopes = parseScopes(input.scopes);
    const unknown = scopes.filter((s) => !isKnownScope(s));
    if (unknown.length) throw new ApiError(422, `Validation failed: unknown scope ${unknown.join(', ')}`);
    const now = this.clock();
    const clientSecret = randomToken();
    const app: AppRow = {
      id: newId(now),
      name: name.slice(0, 200),
      website: input.website || null,
      redirect_uris: uris.join('\n'),
      scopes: scopes.join(' '),
      client_id: randomToken(),
      client_secret_hash: sha256(clientSecret),
      created_at: now,
    };
    await store.insertApp(this.db, app);
    return presentApp(app, clientSecret);
  }

  async appOf(auth: RequestAuth): Promise<AppJson> {
    const app = await store.findAppById(this.db, auth.appId);
    if (!app) throw new ApiError(401, 'The access token is invalid');
    return presentApp(app);
  }

  /**
   * Doorkeeper's token info (GET /oauth/token/info, which Mastodon serves): whose the presented
   * token is and the scopes it was granted. The status service asks it before taking a token as admin.
   */
  async tokenInfo(auth: RequestAuth): Promise<{ resource_owner_id: string | null; scope: string[]; expires_in: null; application: { uid: string } }> {
    const app = await store.findAppById(this.db, auth.appId);
    if (!app) throw new ApiError(401, 'The access token is invalid');
    return { resource_owner_id: auth.accountId === null ? null : String(auth.accountId), scope: auth.scopes, expires_in: null, application: { uid: app.client_id } };
  }

  async clientApp(clientId: string | undefined, clientSecret?: string): Promise<AppRow> {
    const app = clientId ? await store.findAppByClientId(this.db, clientId) : undefined;
    if (!app || (clientSecret !== undefined && !sameSecret(clientSecret, app.client_secret_hash))) {
      throw new OAuthError('invalid_client', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.', 401);
    }
    return app;
  }

  private scopesFor(app: AppRow, asked: string | undefined): string[] {
    const allowed = app.scopes.split(' ');
    const scopes = asked ? parseScopes(asked) : allowed;
    if (!withinScopes(scopes, allowed)) {
      throw new OAuthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    }
    return scopes;
  }

  async issueToken(appId: number, accountId: number | null, scopes: string[]): Promise<TokenJson> {
    const token = randomToken();
    const now = this.clock();
    await store.insertToken(this.db, {
      id: newId(now),
      token_hash: sha256(token),
      app_id: appId,
      account_id: accountId,
      scopes: scopes.join(' '),
      created_at: now,
      revoked_at: null,
    });
    return { access_token: token, token_type: 'Bearer', scope: scopes.join(' '), created_at: Math.floor(now / 1000) };
  }

  async checkAuthorizeRequest(q: { client_id?: string; redirect_uri?: string; scope?: string; response_type?: string; code_challenge?: string; code_challenge_method?: string }) {
    if (q.response_type !== 'code') throw new OAuthError('unsupported_response_type', 'The authorization server does not support this response type.');
    const app = await this.clientApp(q.client_id);
    const redirectUri = q.redirect_uri ?? app.redirect_uris.split('\n')[0];
    // Apps registered before redirect URIs were checked may hold a javascript: one: never follow it.
    if (!app.redirect_uris.split('\n').includes(redirectUri) || redirectUriProblem(redirectUri)) {
      throw new OAuthError('invalid_redirect_uri', 'The redirect uri included is not valid.');
    }
    checkPkceChallenge(q.code_challenge, q.code_challenge_method);
    // The sign-in page shows the name: apps registered before names were cleaned are cleaned here.
    return { app: { ...app, name: withoutDeceptiveCharacters(app.name) }, redirectUri, scopes: this.scopesFor(app, q.scope) };
  }

  async signIn(login: string, password: string) {
    const account = await findAccountByLogin(this.db, login);
    // Hash anyway when the account is unknown, so timing does not tell which logins exist.
    const ok = await verifyPassword(account?.password_hash ?? '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA', password);
    if (!account || !ok) return null;
    const refusal = loginRefusalOf(account);
    if (refusal) throw new ApiError(403, LOGIN_REFUSALS[refusal]);
    return account;
  }

  async createCode(input: { appId: number; accountId: number; redirectUri: string; scopes: string[]; codeChallenge?: string; codeChallengeMethod?: string }): Promise<string> {
    checkPkceChallenge(input.codeChallenge, input.codeChallengeMethod);
    const method = input.codeChallenge ? 'S256' : null;
    const code = randomToken();
    const now = this.clock();
    await store.deleteCodesExpiredBefore(this.db, now - USED_CODE_KEPT_MS);
    await store.insertCode(this.db, {
      code_hash: sha256(code),
      app_id: input.appId,
      account_id: input.accountId,
      redirect_uri: input.redirectUri,
      scopes: input.scopes.join(' '),
      code_challenge: input.codeChallenge ?? null,
      code_challenge_method: method,
      expires_at: now + CODE_TTL_MS,
      used_at: null,
      token_id: null,
    });
    return code;
  }

  async exchange(params: Record<string, string | undefined>): Promise<TokenJson> {
    const grant = params.grant_type;
    switch (grant) {
      case 'authorization_code':
        return this.exchangeCode(params);
      case 'client_credentials': {
        const app = await this.clientApp(params.client_id, params.client_secret ?? '');
        return this.issueToken(app.id, null, this.scopesFor(app, params.scope));
      }
      case 'password': {
        const app = await this.clientApp(params.client_id, params.client_secret ?? '');
        const scopes = this.scopesFor(app, params.scope);
        const account = await this.signIn(params.username ?? '', params.password ?? '');
        // As Mastodon: an account with two-factor sign-in has no password-only way in.
        if (!account || (await hasTwoFactor(this.db, account.id))) throw invalidGrant();
        return this.issueToken(app.id, account.id, scopes);
      }
      default:
        throw new OAuthError(grant ? 'unsupported_grant_type' : 'invalid_request', grant ? 'The authorization grant type is not supported by the authorization server.' : 'grant_type is missing');
    }
  }

  /**
   * Every check comes before the code is claimed, so a refused request (another client, a wrong
   * redirect URI, verifier or secret) leaves the code to its rightful client. The claim and the
   * token are one transaction; a code presented after it was claimed revokes what it gave.
   */
  private async exchangeCode(params: Record<string, string | undefined>): Promise<TokenJson> {
    const app = await this.clientApp(params.client_id);
    const code = params.code ? await store.findCode(this.db, sha256(params.code)) : undefined;
    if (!code || code.app_id !== app.id) throw invalidGrant();
    if (code.used_at !== null) {
      await this.revokeIssuedFrom(code.token_id);
      throw invalidGrant();
    }
    if (code.expires_at < this.clock()) throw invalidGrant();
    // RFC 6749 §4.1.3: the redirect_uri of the authorization request, repeated exactly.
    if (params.redirect_uri !== code.redirect_uri) throw invalidGrant();
    const secret = params.client_secret;
    if (secret !== undefined && !sameSecret(secret, app.client_secret_hash)) throw badClient();
    if (code.code_challenge) {
      // PKCE: a public client proves it started the flow with the verifier (S256 only).
      const verifier = params.code_verifier ?? '';
      const computed = crypto.createHash('sha256').update(verifier).digest('base64url');
      // (A hash of the verifier: comparing it leaks nothing worth timing.)
      if (code.code_challenge_method !== 'S256' || !VERIFIER.test(verifier) || computed !== code.code_challenge) {
        throw invalidGrant();
      }
    } else if (secret === undefined) {
      throw badClient();
    }

    const token = randomToken();
    const now = this.clock();
    const tokenId = newId(now);
    const scopes = code.scopes.split(' ');
    const claimed = await this.write(async (tx) => {
      if (!(await store.claimCode(tx, code.code_hash, now, tokenId))) return false;
      await store.insertToken(tx, { id: tokenId, token_hash: sha256(token), app_id: app.id, account_id: code.account_id, scopes: code.scopes, created_at: now, revoked_at: null });
      return true;
    });
    if (!claimed) {
      // Another exchange of the same code won the claim: this one is a reuse.
      const winner = await store.findCode(this.db, code.code_hash);
      await this.revokeIssuedFrom(winner?.token_id ?? null);
      throw invalidGrant();
    }
    return { access_token: token, token_type: 'Bearer', scope: scopes.join(' '), created_at: Math.floor(now / 1000) };
  }

  /** RFC 6749 §4.1.2: a code used twice may have leaked; the token it gave is revoked. */
  private async revokeIssuedFrom(tokenId: number | null): Promise<void> {
    if (tokenId === null) return;
    await this.write((tx) => store.revokeTokenById(tx, tokenId, this.clock()));
  }

  async revoke(params: { client_id?: string; client_secret?: string; token?: string }): Promise<void> {
    const app = await this.clientApp(params.client_id, params.client_secret ?? '');
    if (!params.token) return;
    const tokenHash = sha256(params.token);
    // Every process drops its cached copy, this one before the answer (the event reaches them all).
    await this.write((tx) => store.revokeToken(tx, tokenHash, app.id, this.clock()));
  }

  /** Forgets what the token cache holds of a revoked token or an account whose access changed. */
  forget(event: SirbEvent): void {
    this.tokens.forget(event);
  }

  async resolveToken(token: string): Promise<RequestAuth | LoginRefusal | null> {
    return this.tokens.resolve(sha256(token));
  }
}
