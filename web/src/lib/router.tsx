// A small history router: the app has a dozen flat routes, which does not justify a routing
// library in the initial bundle.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
// On the server (entry-server.tsx) there is no location: the page being rendered is set there.
const inBrowser = typeof window !== 'undefined';
let current = inBrowser ? location.pathname + location.search : '/';
// Back and Forward return to where the reader was: each history entry keeps its scroll position
// (saved as the reader leaves it), and the page puts it back once its content is on screen
// (restoreScroll), which the browser cannot do on its own before the content is there.
let cameBack = false;
try {
  history.scrollRestoration = 'manual';
} catch {
  /* not supported: the browser does what it can */
}

function notify() {
  current = location.pathname + location.search;
  for (const l of [...listeners]) l();
}
if (inBrowser)
  window.addEventListener('popstate', () => {
    cameBack = true;
    notify();
  });

/** The server's render of a page: which page it is. */
export function setServerLocation(pathAndQuery: string): void {
  current = pathAndQuery;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  cameBack = false;
  if (options.replace) history.replaceState(null, '', to);
  else {
    history.replaceState({ ...(history.state ?? {}), scrollY: window.scrollY }, '');
    history.pushState(null, '', to);
  }
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}

/** Whether the page on screen was reached with Back or Forward (not a link or a reload). */
export function arrivedByHistory(): boolean {
  return cameBack;
}

/** Puts back the scroll position this history entry had when the reader left it. */
export function restoreScroll(): void {
  const y = (history.state as { scrollY?: unknown } | null)?.scrollY;
  if (typeof y === 'number') window.scrollTo(0, y);
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
    () => current,
  );
  const [path, search = ''] = href.split('?');
  return { path, search: new URLSearchParams(search) };
}

/** Matches "/@:acct/:id" style patterns; returns the decoded params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (path === '/' && pattern === '/') return {};
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i];
    const colon = seg.indexOf(':');
    if (colon >= 0) {
      if (seg.slice(0, colon) !== s[i].slice(0, colon) || s[i].length <= colon) return null;
      params[seg.slice(colon + 1)] = decodeURIComponent(s[i].slice(colon));
    } else if (seg !== s[i]) return null;
  }
  return params;
}

function isPlainClick(e: MouseEvent): boolean {
  return e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && !e.defaultPrevented;
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(e) => {
        onClick?.(e);
        if (!isPlainClick(e)) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}

/**
 * Post content is server HTML with absolute links to the server's public URL: hashtags and
 * mentions are routed inside the app, other links open normally.
 */
export function routeContentClick(e: MouseEvent<HTMLElement>): void {
  const anchor = (e.target as HTMLElement).closest('a');
  if (!anchor || !isPlainClick(e)) return;
  const url = new URL(anchor.href, location.origin);
  const internal = anchor.classList.contains('mention') || anchor.classList.contains('hashtag') || url.origin === location.origin;
  if (!internal || !/^\/(@|tags\/)/.test(url.pathname)) return;
  e.preventDefault();
  e.stopPropagation();
  // The server links a hashtag by its folded key (#سرب_تجربه for #سرب_تجربة, so that every
  // spelling finds the same posts); the page opened from the post names it as the post wrote it.
  const written = anchor.classList.contains('hashtag') ? (anchor.textContent ?? '').trim().replace(/^[#＃]/, '') : '';
  navigate(written ? `/tags/${encodeURIComponent(written)}` : url.pathname);
}
