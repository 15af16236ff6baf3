// Unread notifications for the navigation badge: the server's count (from the notifications
// marker) at start, one more per notification from the stream, zero once the page is read.
import { useEffect } from 'react';
import { api } from '../api/client';
import { listen } from '../api/streaming';
import { session } from '../auth/session';
import { createStore, useStore } from './store';

export const unread = createStore(0);
let readingNotifications = false;

export function setReadingNotifications(on: boolean): void {
  readingNotifications = on;
  if (on) unread.set(0);
}

/** Tells the server everything up to `newestId` has been seen (Mastodon's markers). */
export async function markNotificationsRead(newestId: string | undefined): Promise<void> {
  unread.set(0);
  if (newestId) await api('/api/v1/markers', { method: 'POST', body: { notifications: { last_read_id: newestId } } }).catch(() => {});
}

export function useUnreadNotifications(): number {
  const count = useStore(unread);
  const me = useStore(session);
  useEffect(() => {
    if (!me) return;
    api<{ count: number }>('/api/v1/notifications/unread_count').then(
      (r) => !readingNotifications && unread.set(r.count),
      () => {},
    );
    return listen((m) => {
      if (m.event === 'notification' && m.stream[0] === 'user' && !readingNotifications) unread.set(unread.get() + 1);
    });
  }, [me?.accountId]);
  return count;
}
