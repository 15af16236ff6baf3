// The people pages (/@name/followers, /@name/following), loaded only when opened. Matched before
// the thread route, whose /@name/:id would otherwise take them.
import { lazy, Suspense, type ReactElement } from 'react';
import { match } from '../../lib/router';
import { Layout } from '../../components/Layout';
import { useI18n } from '../../i18n';

const FollowList = lazy(() => import('./lazy').then((m) => ({ default: m.FollowList })));

function Loading() {
  const { t } = useI18n();
  return (
    <Layout title={t.timeline.loading}>
      <p className="muted">{t.timeline.loading}</p>
    </Layout>
  );
}

export function peoplePage(path: string): ReactElement | null {
  const m = match('/@:acct/followers', path) ?? match('/@:acct/following', path);
  if (!m) return null;
  const direction = path.replace(/\/+$/, '').endsWith('/followers') ? 'followers' : 'following';
  return (
    <Suspense fallback={<Loading />}>
      <FollowList key={`${m.acct}/${direction}`} acct={m.acct} direction={direction} />
    </Suspense>
  );
}
