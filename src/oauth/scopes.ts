// Mastodon's scopes: the top-level read/write/follow/push grant every sub-scope under them, and
// the legacy "follow" scope grants what write:follows, write:blocks and write:mutes would.
export const KNOWN_TOP_SCOPES = ['read', 'write', 'follow', 'push', 'admin:read', 'admin:write', 'profile'];

const FOLLOW_COVERS = new Set([
  'read:follows', 'write:follows', 'read:blocks', 'write:blocks', 'read:mutes', 'write:mutes',
]);

export function parseScopes(raw: string | undefined | null, fallback = 'read'): string[] {
  const list = (raw ?? '').split(/[\s+]+/).map((s) => s.trim()).filter(Boolean);
  return list.length ? [...new Set(list)] : fallback.split(' ');
}

export function isKnownScope(scope: string): boolean {
  if (KNOWN_TOP_SCOPES.includes(scope)) return true;
  const [top, sub] = scope.split(':');
  return ['read', 'write', 'admin'].includes(top) && /^[a-z_:]+$/.test(sub ?? '');
}

export function grants(granted: string[], required: string): boolean {
  if (granted.includes(required)) return true;
  // A scope grants those under it: read grants read:statuses, admin:read grants admin:read:accounts.
  if (granted.some((scope) => required.startsWith(`${scope}:`))) return true;
  return granted.includes('follow') && FOLLOW_COVERS.has(required);
}

/** Scopes asked for must all be within the app's registered scopes. */
export function withinScopes(asked: string[], allowed: string[]): boolean {
  return asked.every((scope) => grants(allowed, scope));
}
