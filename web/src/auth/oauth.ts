// Sign-in through the authorization-code flow with PKCE, sign-up through an app token, and
// sign-out by revoking the token. Only public Mastodon endpoints are used.
import { clearWebCookie, markSignedOut } from './web-cookie';
import { ApiError, api } from '../api/client';
import type { Account, Token } from '../api/types';
import { redirectUri, saveApp, savedApp, session, type OAuthApp } from './session';
import { forgetWords } from '../state/account-storage';
import { disablePush } from '../api/push';
import { SIGN_OUT_DEADLINE_MS, withDeadline } from '../api/deadline';

const SCOPES = 'read write follow push';
/**
 * What the moderation pages ask on top, in a second sign-in that only staff are offered
 * (state/staff.ts): everyone else's tokens never carry admin scopes, and a moderator's ordinary
 * token doesn't either until they open the moderation pages. The server still checks the role.
 */
export const STAFF_SCOPES = `${SCOPES} admin:read admin:write`;
/** The app registers for the most it may ask, so one registration serves both sign-ins. */
const APP_SCOPES = STAFF_SCOPES;
const PKCE_KEY = 'sirb.pkce';

/** The saved registration, if it allows the admin scopes (older ones were made without). */
function usableApp(): OAuthApp | null {
  const app = savedApp();
  return app && app.scopes === APP_SCOPES ? app : null;
}

async function ensureApp(): Promise<OAuthApp> {
  const existing = usableApp();
  if (existing) return existing;
  return registerApp();
}

async function registerApp(): Promise<OAuthApp> {
  const app = await api<{ client_id: string; client_secret: string }>('/api/v1/apps', {
    method: 'POST',
    token: null,
    body: { client_name: 'Sirb web', redirect_uris: redirectUri(), scopes: APP_SCOPES, website: location.origin },
  });
  const saved = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: redirectUri(), scopes: APP_SCOPES };
  saveApp(saved);
  return saved;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function appToken(app: OAuthApp): Promise<Token> {
  return api<Token>('/oauth/token', {
    method: 'POST',
    token: null,
    body: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES },
  });
}

/**
 * The saved app registration, proven to still exist on the server (a client-credentials token
 * for it), or a new one: a server whose data was reset no longer knows the saved client.
 */
async function verifiedApp(): Promise<{ app: OAuthApp; token: Token }> {
  const saved = usableApp();
  if (saved) {
    try {
      return { app: saved, token: await appToken(saved) };
    } catch (error) {
      if (error instanceof ApiError && error.transient) throw error;
      saveApp(null);
    }
  }
  const app = await registerApp();
  return { app, token: await appToken(app) };
}

/**
 * Sends the browser to the server's sign-in page; it comes back to /auth/callback. Staff opening
 * the moderation pages come here again with STAFF_SCOPES (the page lists what is asked).
 */
export async function beginSignIn(lang: string, returnTo = '/', scopes = SCOPES): Promise<void> {
  // The registration that issued the current token (it alone may revoke it), in case an older
  // one without admin scopes is replaced now.
  const issuer = session.get() ? savedApp() : null;
  const { app } = await verifiedApp();
  const verifier = randomString();
  const state = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo, scopes, issuer }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: app.redirect_uri,
    scope: scopes,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    lang,
  });
  location.assign(`/oauth/authorize?${params}`);
}

/** Finishes sign-in on /auth/callback; returns where to go next. */
export async function completeSignIn(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string; scopes?: string; issuer?: OAuthApp | null } | null;
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) throw new Error('state mismatch');
  const app = await ensureApp();
  const token = await api<Token>('/oauth/token', {
    method: 'POST',
    token: null,
    body: {
      grant_type: 'authorization_code',
      code,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: app.redirect_uri,
      code_verifier: pending.verifier,
      scope: pending.scopes ?? SCOPES,
    },
  });
  sessionStorage.removeItem(PKCE_KEY);
  const previous = session.get();
  await adopt(token.access_token);
  // A staff member's second sign-in replaces their ordinary token: the old one is revoked rather
  // than left valid and unused.
  if (previous && previous.accountId === session.get()?.accountId && previous.token !== token.access_token) void revoke(pending.issuer ?? app, previous.token);
  return pending.returnTo || '/';
}

async function adopt(token: string): Promise<void> {
  const me = await api<Account>('/api/v1/accounts/verify_credentials', { token });
  session.set({ token, accountId: me.id, acct: me.acct });
}

/**
 * Signs up and, when the account may be used at once, signs in. An account that waits for a
 * moderator or for its email confirmation gets a token the server refuses (Mastodon's 403s):
 * then this says which wait it is, and nothing is kept.
 */
export async function signUp(input: { username: string; email: string; password: string; locale: string; reason?: string; invite_code?: string }): Promise<'ready' | 'pending' | 'unconfirmed'> {
  const { token: app } = await verifiedApp();
  const body: Record<string, unknown> = { ...input, agreement: true };
  for (const key of ['reason', 'invite_code']) if (!body[key]) delete body[key];
  const token = await api<Token>('/api/v1/accounts', { method: 'POST', token: app.access_token, body });
  try {
    await adopt(token.access_token);
    return 'ready';
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      if (/pending approval/.test(error.message)) return 'pending';
      if (/confirmed e-mail/.test(error.message)) return 'unconfirmed';
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  const current = session.get();
  const app = savedApp();
  if (current) {
    // First, without the network: the server renders this reader's home no more (auth/web-cookie.ts).
    markSignedOut();
    // While the token still works and before the page leaves: this device's push subscription
    // is the account's (the next person must not get its notifications), then the token itself.
    // Bounded, so a hung or unreachable server never keeps anyone signed in.
    await withDeadline(SIGN_OUT_DEADLINE_MS, async (signal) => {
      await disablePush(current.token);
      // The server must not render this reader's home for the next person (auth/web-cookie.ts).
      await clearWebCookie(signal);
      if (app) await revoke(app, current.token, signal);
    }).catch(() => {
      /* signed out here whatever the server says */
    });
  }
  session.set(null);
  // The next person at this computer must not find this account's drafts or queued posts (the
  // reader was asked first if any posts were unsent: SignOutButton).
  if (current) forgetWords(current);
}

function revoke(app: OAuthApp, token: string, signal?: AbortSignal): Promise<void> {
  return api<void>('/oauth/revoke', {
    method: 'POST',
    token: null,
    signal,
    body: { client_id: app.client_id, client_secret: app.client_secret, token },
  }).catch(() => {
    /* the token is forgotten here either way */
  });
}
