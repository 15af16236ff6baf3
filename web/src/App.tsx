// Routes. Paths follow the URLs the server writes into posts (/@user, /@user/:id, /tags/:tag).
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { match, useLocation } from './lib/router';
import { useStore } from './state/store';
import { session } from './auth/session';
import { useI18n } from './i18n';
import { Layout } from './components/Layout';
import { Home } from './pages/Home';
import { Welcome } from './pages/Welcome';
import { Callback } from './pages/Callback';
import { Profile } from './pages/Profile';
import { Thread } from './pages/Thread';
import { Notifications } from './pages/Notifications';
import { Search } from './pages/Search';
import { Tag } from './pages/Tag';
import { Explore } from './pages/Explore';
import { Bookmarks } from './pages/Bookmarks';
import { Settings } from './pages/Settings';
import { settingsPage } from './pages/settings/routes';
import { Lists } from './pages/Lists';
import { ListPage } from './pages/ListPage';
import { installShortcuts } from './lib/shortcuts';
import { openComposer, sharedText } from './lib/compose';
// Moderation pages load only when opened (most readers are not staff).
const AdminRoutes = lazy(() => import('./pages/admin'));
// The shortcuts list (`?`) loads when asked for.
const ShortcutsHelp = lazy(() => import('./components/mobile/ShortcutsHelp'));

export function App() {
  const [help, setHelp] = useState(false);
  useEffect(() => installShortcuts(() => setHelp(true)), []);
  const { lang } = useI18n();
  // An installed app takes its name and direction from the manifest: the one in the reader's language.
  useEffect(() => {
    document.querySelector('link[rel=manifest]')?.setAttribute('href', lang === 'en' ? '/manifest-en.webmanifest' : '/manifest.webmanifest');
  }, [lang]);
  return (
    <>
      <Page />
      {help && (
        <Suspense fallback={null}>
          <ShortcutsHelp onClose={() => setHelp(false)} />
        </Suspense>
      )}
    </>
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
  if ((m = match('/@:acct/:id', path)) || (m = match('/statuses/:id', path))) return <Thread key={m.id} id={m.id} />;
  if ((m = match('/@:acct', path))) return <Profile key={m.acct} acct={m.acct} />;
  if (!me && ['/notifications', '/bookmarks', '/settings'].includes(path)) return <Welcome />;
  if (path === '/notifications') return <Notifications />;
  if (path === '/bookmarks') return <Bookmarks />;
  if (path === '/settings') return <Settings />;
  if (path === '/lists') return me ? <Lists /> : <Welcome />;
  if ((m = match('/lists/:id', path))) return me ? <ListPage key={m.id} id={m.id} /> : <Welcome />;
  if (path.startsWith('/settings/')) return (me ? settingsPage(path) : <Welcome />) ?? <Layout title={t.errors.notFound}><p>{t.errors.notFound}</p></Layout>;
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
