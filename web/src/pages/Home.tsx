import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Composer } from '../components/Composer';
import { Timeline } from '../components/Timeline';
import type { StreamMessage } from '../api/streaming';

const homeStream = { accepts: (m: StreamMessage) => m.stream[0] === 'user' };

export function Home() {
  const { t } = useI18n();
  return (
    <Layout title={t.timeline.home}>
      <Composer />
      <Timeline path="/api/v1/timelines/home" live={homeStream} showOwnPosts emptyText={t.timeline.homeEmpty} label={t.timeline.home} />
    </Layout>
  );
}
