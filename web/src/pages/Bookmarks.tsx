import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Timeline } from '../components/Timeline';

export function Bookmarks() {
  const { t } = useI18n();
  return (
    <Layout title={t.bookmarks.title}>
      <Timeline path="/api/v1/bookmarks" emptyText={t.bookmarks.empty} label={t.bookmarks.title} />
    </Layout>
  );
}
