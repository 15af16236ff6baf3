// Notifications, grouped as Mastodon 4.3 groups them (API v2: "layla and 3 others liked your
// post"), newest first, with a Mentions tab; new ones arriving live from the user stream make the
// first page be read again, so a like joins its group instead of adding a line.
import { PostSkeletons } from '../../components/mobile/Skeleton';
import { useEffect, useRef, useState } from 'react';
import { page } from '../../api/client';
import type { Account, Notification, Status } from '../../api/types';
import type { GroupedNotifications, NotificationGroup } from '../../api/people';
import { listen, streamConnected } from '../../api/streaming';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { Link, useLocation } from '../../lib/router';
import { useStore } from '../../state/store';
import { markNotificationsRead, setReadingNotifications } from '../../state/unread';
import { health } from '../../state/outage';
import { NotificationGroupView } from '../../components/people/NotificationGroupView';
import '../../components/people/people.css';

const PAGE = 30;

interface Shown {
  groups: NotificationGroup[];
  accounts: Map<string, Account>;
  statuses: Map<string, Status>;
}

const empty = (): Shown => ({ groups: [], accounts: new Map(), statuses: new Map() });

/** Adds a page of groups: a group already shown is replaced where it is (newer), or kept. */
function merge(shown: Shown, data: GroupedNotifications, atTop: boolean): Shown {
  const accounts = new Map(shown.accounts);
  for (const a of data.accounts) accounts.set(a.id, a);
  const statuses = new Map(shown.statuses);
  for (const s of data.statuses) statuses.set(s.id, s);
  const incoming = new Set(data.notification_groups.map((g) => g.group_key));
  const rest = shown.groups.filter((g) => !incoming.has(g.group_key));
  const groups = atTop ? [...data.notification_groups, ...rest] : [...rest, ...data.notification_groups];
  return { groups, accounts, statuses };
}

export default function NotificationsPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const mentions = search.get('filter') === 'mentions';
  const query = `/api/v2/notifications?limit=${PAGE}${mentions ? '&types[]=mention' : ''}`;
  const [shown, setShown] = useState<Shown | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const connected = useStore(streamConnected);
  // The first page failed (unreachable, or no answer by the deadline): said, and asked again
  // once the API answers, rather than "Loading…" for good or an empty list that isn't.
  const [failed, setFailed] = useState(false);
  const up = useStore(health) === 'up';
  const current = useRef(query);
  current.current = query;

  const loadFirst = (fresh: boolean) =>
    page<GroupedNotifications>(query).then((p) => {
      if (current.current !== query) return;
      setFailed(false);
      setShown((s) => merge(fresh || !s ? empty() : s, p.items, true));
      if (fresh) setNext(p.items.notification_groups.length < PAGE ? null : p.next);
      void markNotificationsRead(p.items.notification_groups[0]?.most_recent_notification_id);
    }, () => fresh && setFailed(true));

  useEffect(() => {
    if (up && failed && shown === null) void loadFirst(true);
    // Only the API's return (or a failure) asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [up, failed]);

  useEffect(() => {
    setShown(null);
    setNext(null);
    setFailed(false);
    setReadingNotifications(true);
    void loadFirst(true);
    const stop = listen((m) => {
      if (m.event !== 'notification' || m.stream[0] !== 'user') return;
      const n = m.payload as Notification;
      if (mentions && n.type !== 'mention') return;
      void loadFirst(false);
    });
    return () => {
      stop();
      setReadingNotifications(false);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  useEffect(() => {
    // No live connection: the first page is read again every few seconds instead.
    if (connected || shown === null) return;
    const timer = setInterval(() => void loadFirst(false), 4000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connected, shown === null, query]);

  const loadMore = (from: string) =>
    page<GroupedNotifications>(from).then((p) => {
      setShown((s) => merge(s ?? empty(), p.items, false));
      setNext(p.items.notification_groups.length < PAGE ? null : p.next);
    }, () => {});

  return (
    <Layout title={t.notifications.title}>
      <nav className="tabs" aria-label={t.people.notifications.filters}>
        <Link to="/notifications" aria-current={mentions ? undefined : 'page'}>{t.people.notifications.all}</Link>
        <Link to="/notifications?filter=mentions" aria-current={mentions ? 'page' : undefined}>{t.people.notifications.mentions}</Link>
      </nav>
      {shown === null && !failed && <PostSkeletons />}
      {shown === null && failed && <p className="muted load-failed">{t.apiErrors.loadFailed}</p>}
      {shown?.groups.length === 0 && <p className="muted">{mentions ? t.people.notifications.emptyMentions : t.notifications.empty}</p>}
      <ul className="notifications">
        {shown?.groups.map((g) => (
          <NotificationGroupView
            key={g.group_key}
            group={g}
            accounts={g.sample_account_ids.flatMap((id) => shown.accounts.get(id) ?? [])}
            status={g.status_id ? shown.statuses.get(g.status_id) : undefined}
          />
        ))}
      </ul>
      {next && (
        <button type="button" className="secondary" onClick={() => void loadMore(next)}>
          {t.timeline.loadMore}
        </button>
      )}
    </Layout>
  );
}
