// What the server rendered the page with (src/web-ssr.ts → web/src/entry-server.tsx): home's
// first page, whose reader it is, in which language and at what time. The server puts it in the
// HTML as JSON (a <script type="application/json">: data, not code, so the CSP allows it), and
// the client hydrates with the very same values, so it neither fetches home again nor renders
// differently from the HTML already on screen.
import type { Status } from '../api/types';

export interface SsrState {
  accountId: string;
  acct: string;
  lang: 'ar' | 'en';
  /** The server's clock when it rendered: relative times ("5 min") must read the same on both sides. */
  now: number;
  home: Status[];
  /** The Link header's next page of home, as the client's own first request would have it. */
  next: string | null;
}

export const SSR_ELEMENT_ID = 'sirb-ssr';
let state: SsrState | null | undefined;
let homeTaken = false;

/** On the server: the state of the render under way (renderToString is synchronous). */
export function setSsrState(next: SsrState | null): void {
  state = next;
  homeTaken = false;
}

export function ssrState(): SsrState | null {
  if (state === undefined) {
    state = null;
    if (typeof document !== 'undefined') {
      try {
        const text = document.getElementById(SSR_ELEMENT_ID)?.textContent;
        if (text) state = JSON.parse(text) as SsrState;
      } catch {
        /* unreadable: the app renders on its own */
      }
    }
  }
  return state;
}

/** Whether this render must match the server's HTML: on the server, or hydrating its page. */
export function hydrating(): boolean {
  return typeof window === 'undefined' || ssrState() !== null;
}

/** Forgets the server's state: the client renders on its own (no hydration) from here on. */
export function dropSsrState(): void {
  state = null;
}

/**
 * Home's first page as rendered by the server, for the first home timeline only: a later visit to
 * home (after navigating away) asks the API as usual.
 */
export function ssrHomePage(path: string): { items: Status[]; next: string | null } | undefined {
  const s = ssrState();
  if (!s || homeTaken || path !== '/api/v1/timelines/home') return undefined;
  return { items: s.home, next: s.next };
}

/**
 * Called once the first home timeline has taken the server's page (an effect: the page is
 * hydrated by then; the Suspense boundary around pages hydrates after App's own effects run, so
 * this is the place): from now on every render is the client's own.
 */
export function ssrHomeTaken(): void {
  homeTaken = true;
  state = null;
  homeHydrated = true;
  replayEarly();
}

/**
 * Taps on the server's page before the app started (boot.js keeps them: React listens only from
 * hydrateRoot on, and on a slow phone that is seconds after the posts show). main.tsx takes them
 * just before hydrating (from then on React itself replays taps on what it has yet to hydrate, so
 * boot.js must stop keeping them), and they are done again once home is hydrated. A button no
 * longer in the page (the app rendered afresh: another account, another language) is not clicked:
 * that tap was meant for a page that is gone.
 */
let earlyClicks: HTMLElement[] = [];
let keepEarly = false;

/** A key pressed on the server's page before the shortcuts listened (boot.js). */
export interface EarlyKey {
  key: string;
  code: string;
  shiftKey: boolean;
  target: EventTarget | null;
  /** Date.now() when pressed: `g` then `h` count as one shortcut only within its window. */
  at: number;
}
let earlyKeys: EarlyKey[] = [];
let pressKeys: ((keys: EarlyKey[]) => void) | null = null;
let homeHydrated = false;
type EarlyWindow = { __sirbEarlyClicks?: HTMLElement[] | null; __sirbEarlyKeys?: EarlyKey[] | null };

export function takeEarlyClicks(keep: boolean): void {
  const w = window as EarlyWindow;
  keepEarly = keep;
  earlyClicks = keep ? (w.__sirbEarlyClicks ?? []) : [];
  w.__sirbEarlyClicks = null;
}

/**
 * Keyboard shortcuts pressed before the app listened: React replays no keydown, so boot.js keeps
 * them until the shortcuts are installed (App's effect, after main.tsx took the taps: no key falls
 * in between), and `press` gets them once home is hydrated, after the taps, as on a fresh render
 * the taps are dropped. A second install (StrictMode in development) only updates `press`.
 */
export function takeEarlyKeys(press: (keys: EarlyKey[]) => void): void {
  const w = window as EarlyWindow;
  if (w.__sirbEarlyKeys) {
    earlyKeys = keepEarly ? [...w.__sirbEarlyKeys] : [];
    // boot.js's listener still holds its array (words typed in fields among them): emptied.
    w.__sirbEarlyKeys.length = 0;
  }
  w.__sirbEarlyKeys = null;
  pressKeys = press;
  if (homeHydrated) replayEarly();
}

function replayEarly(): void {
  const early = earlyClicks;
  const keys = earlyKeys;
  const press = pressKeys;
  earlyClicks = [];
  if (press) earlyKeys = [];
  // After this commit: the buttons' handlers are attached once React has finished hydrating.
  if (early.length || (press && keys.length)) {
    setTimeout(() => {
      early.forEach((button) => button.isConnected && button.click());
      if (press && keys.length) press(keys);
    });
  }
}
