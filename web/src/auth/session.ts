// The signed-in session (token and account id) and this browser's OAuth app registration,
// both in localStorage so a reload keeps the reader signed in.
import { createStore, readJson, writeJson } from '../state/store';
import { ssrState, type SsrState } from '../ssr/state';

export interface Session {
  token: string;
  accountId: string;
  acct: string;
}

export interface OAuthApp {
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  /** The scopes it was registered with (missing on registrations made before staff scopes). */
  scopes?: string;
}

const SESSION_KEY = 'sirb.session';
const APP_KEY = 'sirb.app';

export const session = createStore<Session | null>(readJson<Session | null>(SESSION_KEY, null));
session.subscribe(() => writeJson(SESSION_KEY, session.get()));

// On the server (entry-server.tsx) the page is rendered for the web session cookie's reader,
// without their token, and without setting the store (its subscribers are the browser's).
if (typeof window === 'undefined') {
  let cached: { from: SsrState; session: Session } | null = null;
  session.serverGet = () => {
    const s = ssrState();
    if (!s) return null;
    if (cached?.from !== s) cached = { from: s, session: { token: '', accountId: s.accountId, acct: s.acct } };
    return cached.session;
  };
}

export function savedApp(): OAuthApp | null {
  const app = readJson<OAuthApp | null>(APP_KEY, null);
  return app && app.redirect_uri === redirectUri() ? app : null;
}

export function saveApp(app: OAuthApp | null): void {
  writeJson(APP_KEY, app);
}

export function redirectUri(): string {
  return `${location.origin}/auth/callback`;
}
