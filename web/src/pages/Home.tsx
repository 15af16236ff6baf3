import { lazy, Suspense, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Account } from '../api/types';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Composer } from '../components/Composer';
import { Timeline } from '../components/Timeline';
import type { StreamMessage } from '../api/streaming';

const homeStream = { accepts: (m: StreamMessage) => m.stream[0] === 'user' };
// Only someone who follows nobody yet sees it, so it is not part of the first load.
const Onboarding = lazy(() => import('./people/lazy').then((m) => ({ default: m.Onboarding })));

export function Home() {
  const { t } = useI18n();
  const [followsNobody, setFollowsNobody] = useState(false);
  useEffect(() => {
    api<Account>('/api/v1/accounts/verify_credentials').then((me) => setFollowsNobody(me.following_count === 0), () => {});
  }, []);
  return (
    <Layout title={t.timeline.home}>
      <Composer />
      {followsNobody && (
        <Suspense fallback={null}>
          <Onboarding />
        </Suspense>
      )}
      <Timeline path="/api/v1/timelines/home" live={homeStream} showOwnPosts emptyText={t.timeline.homeEmpty} label={t.timeline.home} />
    </Layout>
  );
}
