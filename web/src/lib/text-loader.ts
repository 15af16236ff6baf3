// twitter-text's Unicode regexes are a large share of the bundle and costly to build at start,
// so they load after the first paint. Until then the composer is empty (nothing to count or
// highlight) or counts code points, and the server checks the real weighted length anyway.
import { useEffect, useState } from 'react';

type TextLib = typeof import('./text');
let lib: TextLib | null = null;
let loading: Promise<TextLib> | null = null;

export function loadTextLib(): Promise<TextLib> {
  loading ??= import('./text').then((m) => (lib = m));
  return loading;
}

/**
 * The library, once loaded. Loading starts when the browser is idle (after the first posts are
 * on screen, which is what the reader waits for), or at once when `needed` (text to count).
 */
export function useTextLib(needed: boolean): TextLib | null {
  const [current, setCurrent] = useState(lib);
  useEffect(() => {
    if (current) return;
    const load = () => void loadTextLib().then(setCurrent, () => {});
    if (needed) return load();
    const idle = window.requestIdleCallback?.(load, { timeout: 3000 });
    const timer = idle === undefined ? setTimeout(load, 1000) : undefined;
    return () => {
      if (idle !== undefined) window.cancelIdleCallback(idle);
      if (timer) clearTimeout(timer);
    };
  }, [current, needed]);
  return current;
}
