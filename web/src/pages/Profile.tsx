// A profile (pages/people/ProfilePage): loaded when first opened, not with home.
import { lazy, Suspense } from 'react';
import { PostSkeletons } from '../components/mobile/Skeleton';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';

const ProfilePage = lazy(() => import('./people/lazy').then((m) => ({ default: m.ProfilePage })));

export function Profile({ acct }: { acct: string }) {
  const { t } = useI18n();
  return (
    <Suspense
      fallback={
        <Layout title={`@${acct}`}>
          <PostSkeletons count={2} />
        </Layout>
      }
    >
      <ProfilePage acct={acct} />
    </Suspense>
  );
}
