// Notifications, newest first, with new ones arriving live from the user stream.
import { useEffect, useState } from 'react';
import { page } from '../api/client';
import type { Notification } from '../api/types';
import { listen, streamConnected } from '../api/streaming';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { PostSkeletons } from '../components/mobile/Skeleton';
import { StatusCard } from '../components/StatusCard';
import { Avatar } from '../components/Avatar';
import { WithName } from '../components/WithName';
import { Link } from '../lib/router';
import { displayName } from '../lib/format';
import { RelativeTime } from '../components/RelativeTime';
import { useStore } from '../state/store';
import { markNotificationsRead, setReadingNotifications } from '../state/unread';
import { health } from '../state/outage';

const PAGE = 30;
/** A page shorter than asked for was the last one: no "Load more" after it. */
const nextOf = (p: { items: unknown[]; next: string | null }) => (p.items.length < PAGE ? null : p.next);

export function Notifications() {
  const { t } = useI18n();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const connected = useStore(streamConnected);
  // The first page failed (unreachable, or no answer by the deadline): said, and asked again
  // once the API answers, rather than "Loading…" for good or an empty list that isn't.
  const [failed, setFailed] = useState(false);
  const up = useStore(health) === 'up';
  const add = (incoming: Notification[]) =>
    setItems((list) => {
      const seen = new Set((list ?? []).map((n) => n.id));
      return [...incoming.filter((n) => !seen.has(n.id)), ...(list ?? [])];
    });

  const loadFirst = () =>
    page<Notification[]>(`/api/v1/notifications?limit=${PAGE}`).then((p) => {
      setFailed(false);
      setItems(p.items);
      setNext(nextOf(p));
      void markNotificationsRead(p.items[0]?.id);
    }, () => setFailed(true));

  useEffect(() => {
    if (up && failed && items === null) void loadFirst();
    // Only the API's return (or a failure) asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [up, failed]);

  useEffect(() => {
    setReadingNotifications(true);
    void loadFirst();
    const stop = listen((m) => {
      if (m.event !== 'notification' || m.stream[0] !== 'user') return;
      const n = m.payload as Notification;
      add([n]);
      void markNotificationsRead(n.id);
    });
    return () => {
      stop();
      setReadingNotifications(false);
    };
  }, []);

  useEffect(() => {
    if (connected || items === null) return;
    const timer = setInterval(() => {
      const newest = items[0]?.id;
      page<Notification[]>(`/api/v1/notifications?limit=30${newest ? `&since_id=${newest}` : ''}`).then((p) => add(p.items), () => {});
    }, 4000);
    return () => clearInterval(timer);
  }, [connected, items]);

  const text = (n: Notification) => {
    const fn = (t.notifications as unknown as Record<string, (s: string) => string>)[n.type] ?? t.notifications.other;
    return <WithName template={fn} name={displayName(n.account)} />;
  };

  return (
    <Layout title={t.notifications.title}>
      {items === null && !failed && <PostSkeletons />}
      {items === null && failed && <p className="muted load-failed">{t.apiErrors.loadFailed}</p>}
      {items?.length === 0 && <p className="muted">{t.notifications.empty}</p>}
      <ul className="notifications">
        {items?.map((n) => (
          <li key={n.id} className={`notification ${n.type}`}>
            <p className="notification-line">
              <Avatar account={n.account} size={32} />
              <Link to={`/@${n.account.acct}`}>
                {text(n)}
              </Link>{' '}
              <RelativeTime className="muted" iso={n.created_at} />
              {n.type === 'follow_request' && <Link to="/settings/follow_requests" className="button secondary follow-requests-link">{t.safety.followRequests.title}</Link>}
            </p>
            {n.status && <StatusCard status={n.status} filterContext="notifications" />}
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" className="secondary" onClick={() => page<Notification[]>(next).then((p) => { setItems((l) => [...(l ?? []), ...p.items]); setNext(nextOf(p)); }, () => {})}>
          {t.timeline.loadMore}
        </button>
      )}
    </Layout>
  );
}
