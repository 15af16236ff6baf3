// Routes. Paths follow the URLs the server writes into posts (/@user, /@user/:id, /tags/:tag).
import { lazy, Suspense, useEffect, useRef } from 'react';
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
import { peoplePage } from './pages/people/routes';
// Moderation pages load only when opened (most readers are not staff).
const AdminRoutes = lazy(() => import('./pages/admin'));

export function App() {
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
