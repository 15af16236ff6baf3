// Notifications (pages/people/NotificationsPage): loaded when first opened, not with home.
import { lazy, Suspense } from 'react';
import { PostSkeletons } from '../components/mobile/Skeleton';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';

const NotificationsPage = lazy(() => import('./people/lazy').then((m) => ({ default: m.NotificationsPage })));

export function Notifications() {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <Layout title={t.notifications.title}>
          <PostSkeletons count={2} />
        </Layout>
      }
    >
      <NotificationsPage />
    </Suspense>
  );
}
