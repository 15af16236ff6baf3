// A list read in pages (the Link header's next page): the first page when `key` changes, more
// on demand. Errors are kept to be shown, not thrown.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, page, type Page } from '../../api/client';

export interface Paged<T> {
  items: T[] | null;
  next: string | null;
  error: string;
  loadMore(): void;
  setItems(update: (items: T[]) => T[]): void;
}

/**
 * `limit` is the page size asked: a shorter page is the last one, whatever the Link header says
 * (the API offers a next page whenever the page is not empty).
 */
export function usePaged<T>(first: () => Promise<Page<T[]>>, key: string, limit: number): Paged<T> {
  const [items, setItemsState] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setItemsState(null);
    setError('');
    first().then(
      (p) => {
        if (!live) return;
        setItemsState(p.items);
        setNext(p.items.length < limit ? null : p.next);
      },
      (e) => live && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // `first` is rebuilt each render; `key` says when what it loads has changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const loadMore = useCallback(() => {
    if (!next) return;
    page<T[]>(next).then(
      (p) => {
        setItemsState((old) => [...(old ?? []), ...p.items]);
        setNext(p.items.length < limit ? null : p.next);
      },
      (e) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [next, limit]);
  const setItems = useCallback((update: (items: T[]) => T[]) => setItemsState((old) => update(old ?? [])), []);
  return { items, next, error, loadMore, setItems };
}
