// An empty home (someone who follows nobody yet) says what to do instead of showing nothing:
// people to follow (the server's suggestions, API v2), trending hashtags to follow, and a way to
// the composer for a first post. Loaded only for such a home.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Suggestion, TrendingTag } from '../../api/people';
import { useI18n } from '../../i18n';
import { AccountRow } from '../AccountRow';
import { FollowButton, loadRelationships } from './FollowButton';
import './people.css';

export default function Onboarding() {
  const { t } = useI18n();
  const o = t.people.onboarding;
  const [people, setPeople] = useState<Suggestion[] | null>(null);
  const [tags, setTags] = useState<TrendingTag[] | null>(null);

  useEffect(() => {
    api<Suggestion[]>('/api/v2/suggestions?limit=5')
      .then(async (list) => {
        await loadRelationships(list.map((s) => s.account.id)).catch(() => {});
        setPeople(list);
      })
      .catch(() => setPeople([]));
    api<TrendingTag[]>('/api/v1/trends/tags?limit=8').then(setTags, () => setTags([]));
  }, []);

  const toggleTag = async (tag: TrendingTag) => {
    const next = await api<TrendingTag>(`/api/v1/tags/${encodeURIComponent(tag.name)}/${tag.following ? 'unfollow' : 'follow'}`, { method: 'POST' }).catch(() => null);
    if (next) setTags((list) => (list ?? []).map((x) => (x.name === tag.name ? { ...x, following: next.following } : x)));
  };

  const writeFirst = () => {
    const box = document.querySelector<HTMLTextAreaElement>('.composer textarea');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  };

  return (
    <section className="card onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">{o.title}</h2>
      <p>{o.lead}</p>
      <h3>{o.people}</h3>
      {people?.length === 0 && <p className="muted">{t.people.suggestions.none}</p>}
      <ul className="suggestions-list" aria-label={t.people.suggestions.title}>
        {people?.map((s) => (
          <AccountRow key={s.account.id} account={s.account}>
            <FollowButton account={s.account} />
          </AccountRow>
        ))}
      </ul>
      <h3>{o.tags}</h3>
      {tags?.length === 0 && <p className="muted">{o.noTags}</p>}
      <ul className="onboarding-tags">
        {tags?.map((tag) => (
          <li key={tag.name}>
            <button
              type="button"
              className={tag.following ? 'primary follow-tag' : 'secondary follow-tag'}
              aria-pressed={!!tag.following}
              aria-label={tag.following ? o.unfollowTag(tag.name) : o.followTag(tag.name)}
              onClick={() => void toggleTag(tag)}
            >
              <bdi>#{tag.name}</bdi>
            </button>
          </li>
        ))}
      </ul>
      <h3>{o.firstPost}</h3>
      <p className="muted">{o.firstPostHint}</p>
      <button type="button" className="primary write-first" onClick={writeFirst}>
        {o.firstPost}
      </button>
    </section>
  );
}
