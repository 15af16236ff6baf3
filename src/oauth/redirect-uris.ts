// What an app may register as a redirect URI. The browser is sent there with a code, so a URI
// that runs script (javascript:, data:, vbscript:) or opens local content would turn the sign-in
// page into a script launcher on our origin's say-so. Apps' own schemes (myapp://callback) stay
// allowed, as Mastodon allows them: native clients need them.
export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:', 'view-source:']);

/** Why this redirect URI is refused, or null when it is acceptable. */
export function redirectUriProblem(uri: string): string | null {
  if (uri === OOB_REDIRECT) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(uri)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute URI';
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol.toLowerCase())) return `must not use the ${url.protocol} scheme`;
  // RFC 6749 §3.1.2: the redirection endpoint URI must not include a fragment.
  if (uri.includes('#')) return 'must not contain a fragment';
  return null;
}
