// Who may open which stream, as Mastodon's streaming server decides it (streaming/index.js,
// checkScopes): with a token, every stream needs `read` or `read:statuses`, the notification
// stream `read` or `read:notifications`, and the user stream carries notifications only when
// the token may read them. Signed out, Sirb (like Mastodon before 4.2) serves the public and
// hashtag streams; the user streams need a signed-in token.
import { grants } from '../oauth/scopes.js';
import type { StreamName } from './subscriber.js';

/** What a stream was opened with: the token's scopes and account, or nothing (signed out). */
export interface StreamCredentials {
  scopes: string[];
  accountId: number | null;
}

/** Mastodon's answer, in a WebSocket message ({ error, status }) or an SSE response. */
export interface StreamRefusal {
  error: string;
  status: number;
}

export const SCOPE_REFUSAL: StreamRefusal = { error: 'Access token does not have the required scopes', status: 401 };

/** The streams of one signed-in account: its direct stream too, and a list stream (only its owner may open it, hub.subscribeList). */
function isUserStream(stream: StreamName): boolean {
  return stream === 'user' || stream === 'user:notification' || stream === 'direct' || stream === 'list';
}

/** Why the stream may not be opened with these credentials, or null when it may. */
export function refusalFor(stream: StreamName, credentials: StreamCredentials | null): StreamRefusal | null {
  if (!credentials) return isUserStream(stream) ? { error: 'Missing access token', status: 401 } : null;
  const needed = stream === 'user:notification' ? ['read:notifications'] : stream === 'list' ? ['read:statuses', 'read:lists'] : ['read:statuses'];
  if (!needed.some((scope) => grants(credentials.scopes, scope))) return SCOPE_REFUSAL;
  if (isUserStream(stream) && credentials.accountId === null) return { error: 'This method requires an authenticated user', status: 422 };
  return null;
}

/** Whether the user stream of these credentials carries notifications too. */
export function seesNotifications(credentials: StreamCredentials | null): boolean {
  return credentials !== null && grants(credentials.scopes, 'read:notifications');
}
