import { useMemo } from 'react';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { Timeline } from '../components/Timeline';
import { hashtagStream, type StreamMessage } from '../api/streaming';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { TagFollowButton } from '../components/organising/TagFollowButton';

export function Tag({ tag }: { tag: string }) {
  const { t } = useI18n();
  const me = useStore(session);
  const live = useMemo(
    // The server names the stream by its normalised key (diacritics and letter variants folded),
    // which can differ from the tag as typed; the socket carries only the hashtags this page
    // subscribed to, and the page subscribes to one, so every hashtag update belongs here.
    () => ({ extra: hashtagStream(tag), accepts: (m: StreamMessage) => m.stream[0] === 'hashtag' }),
    [tag],
  );
  return (
    <Layout title={t.tag.title(tag)}>
      {me && <TagFollowButton tag={tag} />}
      <Timeline path={`/api/v1/timelines/tag/${encodeURIComponent(tag)}`} live={live} label={t.tag.title(tag)} />
    </Layout>
  );
}
