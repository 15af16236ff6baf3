import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Tag } from '../api/types';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Timeline } from '../components/Timeline';
import { Link } from '../lib/router';
import type { StreamMessage } from '../api/streaming';

const localStream = { accepts: (m: StreamMessage) => m.stream[0] === 'public:local', extra: 'public:local' };

export function TagList({ tags }: { tags: Tag[] }) {
  const { t } = useI18n();
  return (
    <ul className="tag-list">
      {tags.map((tag) => {
        const uses = (tag.history ?? []).reduce((n, h) => n + Number(h.uses), 0);
        return (
          <li key={tag.name}>
            <Link to={`/tags/${encodeURIComponent(tag.name)}`}>
              <bdi>#{tag.name}</bdi>
            </Link>
            {uses > 0 && <span className="muted"> · {t.explore.uses(uses)}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function Explore() {
  const { t } = useI18n();
  const [tags, setTags] = useState<Tag[] | null>(null);
  useEffect(() => {
    api<Tag[]>('/api/v1/trends/tags?limit=10').then(setTags, () => setTags([]));
  }, []);
  return (
    <Layout title={t.explore.title}>
      <section aria-labelledby="trends-title" className="card">
        <h2 id="trends-title">{t.explore.trends}</h2>
        {tags === null ? <p className="muted">{t.timeline.loading}</p> : tags.length ? <TagList tags={tags} /> : <p className="muted">{t.explore.noTrends}</p>}
      </section>
      <h2>{t.explore.latest}</h2>
      <Timeline path="/api/v1/timelines/public?local=true" live={localStream} label={t.explore.latest} />
    </Layout>
  );
}
