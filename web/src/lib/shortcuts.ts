// Keyboard shortcuts as on Mastodon: n write, j/k next/previous post, f like, b boost, r reply,
// o or Enter open the thread, / search, g h home, g n notifications, ? the list of them.
// They never fire while the reader types (text fields, editable content) or holds a modifier,
// nor behind an open dialog, which has the keyboard to itself (Escape closes it natively).
import { navigate } from './router';
import { openComposer } from './compose';
import { takeEarlyKeys, type EarlyKey } from '../ssr/state';

const G_WINDOW_MS = 1500;

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image', 'range', 'color'].includes(target.type);
}

/** The posts on the page, in reading order (a post quoted inside another is part of it). */
function posts(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('#main article.status')].filter((a) => !a.parentElement?.closest('article.status'));
}

/** The post the reader is on: the one holding the focus. */
function currentPost(): HTMLElement | null {
  let el = document.activeElement?.closest<HTMLElement>('article.status') ?? null;
  while (el?.parentElement?.closest('article.status')) el = el.parentElement.closest<HTMLElement>('article.status');
  return el;
}

/** The post's own control (not one of a post inside it). */
function own(post: HTMLElement, selector: string): HTMLElement | null {
  return [...post.querySelectorAll<HTMLElement>(selector)].find((el) => currentOf(el) === post) ?? null;
}
function currentOf(el: HTMLElement): HTMLElement | null {
  let post = el.closest<HTMLElement>('article.status');
  while (post?.parentElement?.closest('article.status')) post = post.parentElement.closest<HTMLElement>('article.status');
  return post;
}

function move(step: 1 | -1): void {
  const list = posts();
  if (!list.length) return;
  const at = list.indexOf(currentPost() as HTMLElement);
  const next = at < 0 ? list[step === 1 ? 0 : list.length - 1] : list[Math.min(list.length - 1, Math.max(0, at + step))];
  next.focus({ preventScroll: true });
  next.scrollIntoView({ block: 'nearest' });
}

function focusSearch(): void {
  if (location.pathname !== '/search') navigate('/search');
  // The search page's code may still be on its way (it is loaded when first opened).
  const until = performance.now() + 5000;
  const tick = () => {
    const box = document.querySelector<HTMLInputElement>('#main input[type=search], #main input[name=q], #main form input');
    if (box) box.focus();
    else if (performance.now() < until) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/**
 * The key as a Latin-layout keyboard names it: an Arabic layout gives "ت" for J and "؟" for ?,
 * and shortcuts must work without switching layouts, so a non-Latin character is read by its
 * physical key (e.code) instead.
 */
export function shortcutKey(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): string {
  // A Latin character, or a named key (Enter, Escape): as it is. (Arabic B gives "لا", two characters.)
  if (/^[\x20-\x7e]$/.test(e.key) || /^[A-Z][A-Za-z0-9]+$/.test(e.key)) return e.key;
  if (e.key === '؟') return '?';
  const letter = /^Key([A-Z])$/.exec(e.code);
  if (letter) return letter[1].toLowerCase();
  if (e.code === 'Slash') return e.shiftKey ? '?' : '/';
  return e.key;
}

/** A key to act on: one pressed now, or one kept from before the app listened (boot.js). */
type Press = EarlyKey & { preventDefault(): void };

export function installShortcuts(showHelp: () => void): () => void {
  let gAt = 0;
  /** Does the key's work; true when it moved the focus elsewhere (a field, a dialog, another page). */
  const handle = (e: Press): boolean => {
    if (typingIn(e.target) || document.querySelector('dialog[open]')) return false;
    const key = shortcutKey(e);
    if (gAt && e.at - gAt < G_WINDOW_MS && (key === 'h' || key === 'n')) {
      gAt = 0;
      e.preventDefault();
      navigate(key === 'h' ? '/' : '/notifications');
      return true;
    }
    gAt = key === 'g' ? e.at : 0;
    const post = currentPost();
    const press = (selector: string): boolean => {
      const control = post && own(post, selector);
      if (!control) return false;
      e.preventDefault();
      control.click();
      return true;
    };
    switch (key) {
      case 'n':
        e.preventDefault();
        openComposer();
        return true;
      case 'j':
        e.preventDefault();
        move(1);
        break;
      case 'k':
        e.preventDefault();
        move(-1);
        break;
      case 'f':
        press('.status-actions button.like');
        break;
      case 'b':
        press('.status-actions button.repost');
        break;
      case 'r':
        return press('.status-actions button:first-child');
      case 'o':
        return press('a.status-time');
      case 'Enter':
        // Only on the post itself: Enter on a button or link inside it does what that one does.
        return post !== null && document.activeElement === post && press('a.status-time');
      case '/':
        e.preventDefault();
        focusSearch();
        return true;
      case '?':
        e.preventDefault();
        showHelp();
        return true;
    }
    return false;
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    handle({ key: e.key, code: e.code, shiftKey: e.shiftKey, target: e.target, at: Date.now(), preventDefault: () => e.preventDefault() });
  };
  document.addEventListener('keydown', onKey);
  // Keys pressed on the server-rendered home before now: done once it is hydrated, in order, each
  // judged as it would have been then (boot.js already kept the browser from acting on "/"). Up to
  // one that moves the focus (n, r, /, o, g h…): those after it were typed for where it went (the
  // words of a post after n), and replayed here they would like, boost or move instead.
  takeEarlyKeys((keys) => {
    for (const k of keys) if (handle({ ...k, preventDefault() {} })) break;
  });
  return () => document.removeEventListener('keydown', onKey);
}
