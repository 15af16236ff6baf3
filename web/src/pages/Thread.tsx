// A thread (pages/people/ThreadPage): loaded when first opened, not with home.
import { lazy, Suspense } from 'react';
import { PostSkeletons } from '../components/mobile/Skeleton';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';

const ThreadPage = lazy(() => import('./people/lazy').then((m) => ({ default: m.ThreadPage })));

export function Thread({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <Layout title={t.thread.title}>
          <PostSkeletons count={2} />
        </Layout>
      }
    >
      <ThreadPage id={id} />
    </Suspense>
  );
}
