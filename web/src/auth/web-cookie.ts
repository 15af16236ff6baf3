// The web session cookie: lets the server render home's first posts into the page for the reader
// whose token this is (src/web-ssr.ts). The token itself stays in localStorage and in the
// Authorization header of every API call; the cookie (HttpOnly, SameSite=Strict) is read only to
// render the HTML of `/` and never authenticates an API call. Signing out deletes it.
import { session } from './session';
import { readJson, writeJson } from '../state/store';
import { ssrState } from '../ssr/state';

export const WEB_SESSION_PATH = '/api/sirb/web_session';
// Which token the cookie was last set for (its last characters: enough to notice a change).
const SET_FOR_KEY = 'sirb.webCookie';
const mark = (token: string) => token.slice(-8);

function setCookie(token: string): void {
  fetch(WEB_SESSION_PATH, { method: 'POST', headers: { authorization: `Bearer ${token}` }, cache: 'no-store' }).then(
    (res) => res.ok && writeJson(SET_FOR_KEY, mark(token)),
    () => {},
  );
}

// The sign-out mark (src/web-ssr.ts SIGNED_OUT_COOKIE): set here at once, without the network, so
// that a sign-out whose DELETE is lost (offline, hung server) cannot leave this reader's home to be
// rendered for the next person; the server clears it when the cookie is set anew or deleted.
const SIGNED_OUT = 'sirb_signed_out';
export function markSignedOut(): void {
  document.cookie = `${SIGNED_OUT}=1; Path=/; Max-Age=31536000; SameSite=Strict`;
}

/** Deletes the cookie; bounded by the caller (signOut) or fire-and-forget (keepalive survives a reload). */
export function clearWebCookie(signal?: AbortSignal): Promise<void> {
  markSignedOut();
  writeJson(SET_FOR_KEY, null);
  return fetch(WEB_SESSION_PATH, { method: 'DELETE', keepalive: true, cache: 'no-store', signal }).then(
    () => {},
    () => {},
  );
}

/** Keeps the cookie in step with the session: set on sign-in, deleted when the session ends. */
export function syncWebCookie(): void {
  let token = session.get()?.token;
  const current = session.get();
  // Missing for this token (signed in before the cookie existed, or the browser dropped it: home
  // came without the server's render): set it now, for the next visit.
  if (current && (readJson<string | null>(SET_FOR_KEY, null) !== mark(current.token) || (location.pathname === '/' && !ssrState()))) setCookie(current.token);
  // Signed out, but the DELETE did not go through then: the old session cookie may still be here.
  else if (!current && document.cookie.includes(`${SIGNED_OUT}=`)) void clearWebCookie();
  session.subscribe(() => {
    const next = session.get()?.token;
    if (next === token) return;
    token = next;
    if (next) setCookie(next);
    else void clearWebCookie();
  });
}
