// A list of posts from one API path: first page, older pages as the reader scrolls (Link
// header), newer ones live from the stream — shown at once at the top of the page, or held
// behind an "N new posts" button when the reader has scrolled down. When the stream is not
// connected it polls for newer posts instead, so "live" survives a proxy that drops WebSockets.
// A post shows once: a repost of a post already on screen is left out, and the reader's own
// posts and reposts go straight in, never behind the "new posts" button. Back returns to the
// posts that were loaded, at the same place (kept below, scroll from lib/router).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { page, qs } from '../api/client';
import type { FilterContext, Status } from '../api/types';
import { listen, streamConnected, type StreamMessage } from '../api/streaming';
import { useI18n } from '../i18n';
import { useStore } from '../state/store';
import { health } from '../state/outage';
import { onPosted } from '../state/outbox';
import { StatusCard } from './StatusCard';
import { onAccountHidden } from './safety/relationships';
import { arrivedByHistory, restoreScroll } from '../lib/router';
import { session } from '../auth/session';
import { PostSkeletons } from './mobile/Skeleton';
import { ssrHomePage, ssrHomeTaken } from '../ssr/state';

interface Props {
  path: string;
  /** Which stream updates belong here; omit for a timeline that is not live. */
  live?: { accepts(message: StreamMessage): boolean; extra?: string };
  /** Own new posts appear here immediately (home, own profile). */
  showOwnPosts?: boolean;
  emptyText?: string;
  label?: string;
}

const POLL_MS = 4000;

interface Kept {
  items: Status[];
  next: string | null;
  newest?: string;
}
/** What each timeline showed when the reader left it, for Back; the last few only. */
const kept = new Map<string, Kept>();
const KEEP = 8;

function keep(path: string, value: Kept): void {
  kept.delete(path);
  kept.set(path, value);
  if (kept.size > KEEP) kept.delete(kept.keys().next().value!);
}

/** The post a timeline entry shows: the original, for a repost. */
const shownPost = (s: Status) => s.reblog?.id ?? s.id;

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = qs(params);
  return path.includes('?') ? `${path}&${query.slice(1)}` : `${path}${query}`;
}

/** The filter context of a timeline's API path (none for bookmarks: Mastodon has none there). */
function filterContextOf(path: string): FilterContext | undefined {
  if (path.startsWith('/api/v1/timelines/home') || path.startsWith('/api/v1/timelines/list/')) return 'home';
  if (path.startsWith('/api/v1/timelines/')) return 'public';
  if (path.startsWith('/api/v1/accounts/')) return 'account';
  return undefined;
}

export function Timeline({ path, live, showOwnPosts, emptyText, label }: Props) {
  const { t } = useI18n();
  const restored = useRef(arrivedByHistory() ? kept.get(path) : undefined);
  const restoredPath = useRef(path);
  // Home's first page as the server rendered it into the HTML (ssr/state.ts): hydration starts
  // from the same posts, and they are not asked for again.
  const rendered = useRef(restored.current ? undefined : ssrHomePage(path));
  const [items, setItems] = useState<Status[]>(() => restored.current?.items ?? rendered.current?.items ?? []);
  const [pending, setPending] = useState<Status[]>([]);
  const [next, setNext] = useState<string | null>(() => restored.current?.next ?? rendered.current?.next ?? null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>(() => (restored.current || rendered.current ? 'ready' : 'loading'));
  const loadingMore = useRef(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const connected = useStore(streamConnected);
  const up = useStore(health) === 'up';
  const newest = useRef<string | undefined>(restored.current?.newest ?? rendered.current?.items[0]?.id);
  const [attempt, setAttempt] = useState(0);

  const shown = useRef(items);
  shown.current = items;

  const add = useCallback((incoming: Status[]) => {
    if (!incoming.length) return;
    if (!newest.current || BigInt(incoming[0].id) > BigInt(newest.current)) newest.current = incoming[0].id;
    // Posts already on screen (say, one's own, shown on posting, then echoed by the stream, or
    // the original of a repost) must not count as new.
    const onScreen = new Set(shown.current.flatMap((s) => [s.id, shownPost(s)]));
    incoming = dedupe(incoming).filter((s) => !onScreen.has(s.id) && !onScreen.has(shownPost(s)));
    if (!incoming.length) return;
    // The reader's own posts and reposts are what they just did, not news: straight in.
    const me = session.get()?.accountId;
    const own = incoming.filter((s) => s.account.id === me);
    const others = incoming.filter((s) => s.account.id !== me);
    const into = (fresh: Status[]) => (list: Status[]) => dedupe([...fresh, ...list]);
    if (window.scrollY < 150) setItems(into(incoming));
    else {
      if (own.length) setItems(into(own));
      if (others.length) setPending(into(others));
    }
  }, []);

  // Kept for Back as it changes (the page is gone by the time an unmount could save it).
  useEffect(() => {
    if (state === 'ready') keep(path, { items, next, newest: newest.current });
  }, [path, items, next, state]);

  // Back to a kept timeline: once its posts are on screen, to where the reader was.
  useLayoutEffect(() => {
    if (restored.current) restoreScroll();
  }, []);

  useEffect(() => {
    const back = restored.current;
    if (back && attempt === 0 && restoredPath.current === path) {
      // Back to posts already loaded: only what is newer is asked for.
      if (back.newest) page<Status[]>(withQuery(path, { since_id: back.newest, limit: 40 })).then((p) => add(p.items), () => {});
      return;
    }
    if (rendered.current && attempt === 0 && restoredPath.current === path) {
      // The server's page is on screen: it counts as the first page having arrived.
      ssrHomeTaken();
      performance.mark('sirb:first-page');
      return;
    }
    let cancelled = false;
    setState('loading');
    setItems([]);
    setPending([]);
    newest.current = undefined;
    page<Status[]>(withQuery(path, { limit: 20 }))
      .then((p) => {
        if (cancelled) return;
        performance.mark('sirb:first-page');
        // Keep what arrived while the page was loading (one's own post sent by the outbox, a
        // stream update): the page may have been read before it existed.
        const top = p.items[0]?.id;
        setItems((arrived) => dedupe([...arrived.filter((s) => !top || BigInt(s.id) > BigInt(top)), ...p.items]));
        setNext(p.next);
        if (top && (!newest.current || BigInt(top) > BigInt(newest.current))) newest.current = top;
        setState('ready');
      })
      .catch(() => !cancelled && setState('error'));
    return () => {
      cancelled = true;
    };
  }, [path, attempt]);

  // A first page that failed during an outage is fetched again when the API is back.
  useEffect(() => {
    if (up && state === 'error') setAttempt((n) => n + 1);
  }, [up]);

  useEffect(() => {
    if (!live) return;
    return listen((m) => {
      if (!live.accepts(m)) return;
      if (m.event === 'update') add([m.payload as Status]);
      else if (m.event === 'status.update') replace(m.payload as Status);
      else if (m.event === 'delete') remove(String(m.payload));
    }, live.extra);
  }, [path, live?.extra]);

  useEffect(() => {
    if (!showOwnPosts) return;
    return onPosted((status) => {
      if (!status.in_reply_to_id) add([status]);
    });
  }, [showOwnPosts, add]);

  // Whatever was posted while the stream was not connected (down, or not yet up when the
  // first page was read) is fetched each time it connects.
  useEffect(() => {
    if (!connected || !live || state !== 'ready' || !newest.current) return;
    page<Status[]>(withQuery(path, { since_id: newest.current, limit: 40 })).then((p) => add(p.items), () => {});
  }, [connected]);

  // Polling fallback while the stream is down but the API answers.
  useEffect(() => {
    if (!live || connected || !up || state !== 'ready') return;
    const timer = setInterval(async () => {
      try {
        const p = await page<Status[]>(withQuery(path, { since_id: newest.current, limit: 40 }));
        add(p.items);
      } catch {
        /* the outage notice covers it */
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, connected, up, state, path, add]);

  const loadMore = useCallback(async () => {
    if (!next || loadingMore.current) return;
    loadingMore.current = true;
    try {
      const p = await page<Status[]>(next);
      setItems((list) => dedupe([...list, ...p.items]));
      setNext(p.items.length ? p.next : null);
    } catch {
      /* try again on the next scroll */
    } finally {
      loadingMore.current = false;
    }
  }, [next]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !next) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: '800px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [next, loadMore]);

  // Someone just blocked or muted leaves the page at once, except from their own profile.
  useEffect(
    () =>
      onAccountHidden((id) => {
        if (!path.startsWith(`/api/v1/accounts/${id}/`)) setItems((list) => list.filter((s) => s.account.id !== id && s.reblog?.account.id !== id));
      }),
    [path],
  );

  const replace = (status: Status) =>
    setItems((list) => list.map((s) => (s.id === status.id ? status : s.reblog?.id === status.id ? { ...s, reblog: status } : s)));
  const remove = (id: string) => setItems((list) => list.filter((s) => s.id !== id && s.reblog?.id !== id));

  const showPending = () => {
    setItems((list) => dedupe([...pending, ...list]));
    setPending([]);
    window.scrollTo({ top: 0 });
    document.querySelector<HTMLElement>('.timeline article')?.focus();
  };

  return (
    <section className="timeline" aria-label={label ?? t.timeline.feedLabel} aria-busy={state === 'loading'} data-live={live ? (connected ? 'stream' : 'polling') : undefined}>
      <div aria-live="polite" className="new-posts-region">
        {pending.length > 0 && (
          <button type="button" className="new-posts" onClick={showPending}>
            {t.timeline.newPosts(pending.length)}
          </button>
        )}
      </div>
      {state === 'loading' && <PostSkeletons />}
      {state === 'error' && up && <p className="muted">{t.errors.generic}</p>}
      {state === 'ready' && items.length === 0 && <p className="muted">{emptyText ?? t.timeline.empty}</p>}
      <div className="feed">
        {items.map((s) => (
          <StatusCard key={s.id} status={s} filterContext={filterContextOf(path)} onChange={(n) => setItems((list) => list.map((x) => (x.id === s.id ? n : x)))} onDelete={remove} />
        ))}
      </div>
      {next && (
        <div ref={sentinel} className="load-more">
          <button type="button" className="secondary" onClick={() => void loadMore()}>
            {t.timeline.loadMore}
          </button>
        </div>
      )}
      {state === 'ready' && !next && items.length > 0 && <p className="muted end">{t.timeline.end}</p>}
    </section>
  );
}

/** Each post once: a later entry with the same id, or showing the same original, goes. */
function dedupe(list: Status[]): Status[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    if (seen.has(s.id) || seen.has(shownPost(s))) return false;
    seen.add(s.id);
    seen.add(shownPost(s));
    return true;
  });
}
