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

export function useTextLib(): TextLib | null {
  const [current, setCurrent] = useState(lib);
  useEffect(() => {
    if (!current) void loadTextLib().then(setCurrent, () => {});
  }, [current]);
  return current;
}
