// Routes. Paths follow the URLs the server writes into posts (/@user, /@user/:id, /tags/:tag).
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { match, useLocation } from './lib/router';
import { useStore } from './state/store';
import { session } from './auth/session';
import { useI18n } from './i18n';
import { Layout } from './components/Layout';
// Notifications stays in the first load: it is opened from home most often, also during an outage.
import { Notifications } from './pages/Notifications';
// The hashtag page stays too: its live stream must be subscribed as soon as it opens (features.test.ts).
import { Tag } from './pages/Tag';
// Search too: the / shortcut focuses its box straight away (mobile-pwa.test.ts failed with it lazy).
import { Search } from './pages/Search';
import { Explore } from './pages/Explore';
import { Home } from './pages/Home';
import { installShortcuts } from './lib/shortcuts';
import { openComposer, sharedText } from './lib/compose';
import { probeNow } from './state/outage';
import { PageCodeBoundary } from './components/PageCodeBoundary';
import { peoplePage } from './pages/people/routes';
// Moderation pages load only when opened (most readers are not staff).
const AdminRoutes = lazy(() => import('./pages/admin'));
// The shortcuts list (`?`) loads when asked for.
const ShortcutsHelp = lazy(() => import('./components/mobile/ShortcutsHelp'));
// Pages a first load of home does not show load when opened (issue 15's first-load budget).
// The sign-in pages (and the OAuth code they carry) are not needed by a signed-in reader's home.
const Welcome = lazy(() => import('./pages/Welcome').then((m) => ({ default: m.Welcome })));
const Callback = lazy(() => import('./pages/Callback').then((m) => ({ default: m.Callback })));
const Profile = lazy(() => import('./pages/Profile').then((m) => ({ default: m.Profile })));
const Thread = lazy(() => import('./pages/Thread').then((m) => ({ default: m.Thread })));
const Bookmarks = lazy(() => import('./pages/Bookmarks').then((m) => ({ default: m.Bookmarks })));
const Settings = lazy(() => import('./pages/Settings').then((m) => ({ default: m.Settings })));
const SettingsPage = lazy(() => import('./pages/settings/routes').then((m) => ({ default: m.SettingsPage })));
const Lists = lazy(() => import('./pages/Lists').then((m) => ({ default: m.Lists })));
const ListPage = lazy(() => import('./pages/ListPage').then((m) => ({ default: m.ListPage })));

export function App() {
  const [help, setHelp] = useState(false);
  useEffect(() => installShortcuts(() => setHelp(true)), []);
  // The shell's "Loading…" (index.html): hidden by CSS as soon as #root has content; gone now.
  useEffect(() => document.getElementById('shell-loading')?.remove(), []);
  const { lang } = useI18n();
  const { path } = useLocation();
  // An installed app takes its name and direction from the manifest: the one in the reader's language.
  useEffect(() => {
    document.querySelector('link[rel=manifest]')?.setAttribute('href', lang === 'en' ? '/manifest-en.webmanifest' : '/manifest.webmanifest');
  }, [lang]);
  return (
    <>
      {/* A new page starts with a fresh boundary: one page's failed code does not stick to the next. */}
      <PageCodeBoundary key={path}>
        <Suspense fallback={<PageLoading />}>
          <Page />
        </Suspense>
      </PageCodeBoundary>
      {help && (
        <Suspense fallback={null}>
          <ShortcutsHelp onClose={() => setHelp(false)} />
        </Suspense>
      )}
    </>
  );
}

/** What shows while a lazily loaded page's code arrives. */
function PageLoading() {
  const { t } = useI18n();
  // Code that takes this long may be stuck behind a server that no longer answers: the probe
  // finds out, and the outage banner then says so (this page itself makes no API request).
  useEffect(() => {
    const timer = setTimeout(() => void probeNow(), 3000);
    return () => clearTimeout(timer);
  }, []);
  return (
    <Layout title={t.timeline.loading}>
      <p className="muted">{t.timeline.loading}</p>
    </Layout>
  );
}

/** What another app shared here (the manifest's share_target): into the home composer. */
let sharedOnce = '';
function Share() {
  const { search } = useLocation();
  useEffect(() => {
    // Once per share (StrictMode runs effects twice in development).
    const key = search.toString();
    if (key === sharedOnce) return;
    sharedOnce = key;
    openComposer(sharedText(search));
  }, []);
  return null;
}

function Page() {
  const { path } = useLocation();
  const me = useStore(session);
  const { t } = useI18n();
  const firstPage = useRef(true);
  useEffect(() => {
    // After a navigation, focus moves to the new page's content for screen-reader and keyboard
    // users; on first load it stays at the top so the skip link is the first Tab stop.
    if (firstPage.current) firstPage.current = false;
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);

  let m: Record<string, string> | null;
  if (path === '/auth/callback') return <Callback />;
  if (path === '/share') return me ? <Share /> : <Welcome />;
  if (path === '/' || path === '') return me ? <Home /> : <Welcome />;
  if (path === '/explore') return <Explore />;
  if (path === '/search') return <Search />;
  if ((m = match('/tags/:tag', path))) return <Tag key={m.tag} tag={m.tag} />;
  const people = peoplePage(path);
  if (people) return people;
  if ((m = match('/@:acct/:id', path)) || (m = match('/statuses/:id', path))) return <Thread key={m.id} id={m.id} />;
  if ((m = match('/@:acct', path))) return <Profile key={m.acct} acct={m.acct} />;
  if (!me && ['/notifications', '/bookmarks', '/settings'].includes(path)) return <Welcome />;
  if (path === '/notifications') return <Notifications />;
  if (path === '/bookmarks') return <Bookmarks />;
  if (path === '/settings') return <Settings />;
  if (path === '/lists') return me ? <Lists /> : <Welcome />;
  if ((m = match('/lists/:id', path))) return me ? <ListPage key={m.id} id={m.id} /> : <Welcome />;
  if (path.startsWith('/settings/')) return me ? <SettingsPage path={path} /> : <Welcome />;
  if (path === '/admin' || path.startsWith('/admin/'))
    return !me ? (
      <Welcome />
    ) : (
      <Suspense fallback={<Layout title={t.moderation}><p className="muted">{t.timeline.loading}</p></Layout>}>
        <AdminRoutes path={path} />
      </Suspense>
    );
  return (
    <Layout title={t.errors.notFound}>
      <p>{t.errors.notFound}</p>
    </Layout>
  );
}
