// Settings: the hashtags the reader follows (GET /api/v1/followed_tags), each with Unfollow.
import { useEffect, useState } from 'react';
import { page } from '../../api/client';
import { tags, type FollowedTag } from '../../api/organising';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { Link } from '../../lib/router';
import { announce } from '../../components/safety/Toast';
import { isolate } from '../../components/safety/isolate';
import { SettingsNav } from './SettingsNav';
import { ActionButton } from './ActionButton';

export function FollowedTags() {
  const { t } = useI18n();
  const s = t.organising.tags;
  const [items, setItems] = useState<FollowedTag[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    page<FollowedTag[]>('/api/v1/followed_tags?limit=100').then(
      (p) => {
        setItems(p.items);
        setNext(p.items.length < 100 ? null : p.next);
      },
      () => setFailed(true),
    );
  }, []);

  const more = () =>
    next &&
    page<FollowedTag[]>(next).then(
      (p) => {
        setItems((list) => [...(list ?? []), ...p.items.filter((x) => !list?.some((y) => y.name === x.name))]);
        setNext(p.items.length ? p.next : null);
      },
      () => {},
    );

  return (
    <Layout title={s.title}>
      <SettingsNav />
      {failed && <p className="error">{t.errors.generic}</p>}
      {!failed && items === null && <p className="muted">{t.timeline.loading}</p>}
      {items?.length === 0 && <p className="muted">{s.empty}</p>}
      {!!items?.length && (
        <ul className="card safety-list followed-tags">
          {items.map((tag) => (
            <li key={tag.name} className="account-row tag-row">
              <Link to={`/tags/${encodeURIComponent(tag.name)}`} dir="auto">
                #{tag.name}
              </Link>
              <span className="row-actions">
                <ActionButton
                  className="secondary unfollow-tag"
                  label={s.unfollowShort}
                  ariaLabel={s.unfollowNamed(isolate(`#${tag.name}`))}
                  run={() => tags.unfollow(tag.name)}
                  onDone={() => {
                    announce(s.unfollowed(isolate(`#${tag.name}`)));
                    setItems((list) => list?.filter((x) => x.name !== tag.name) ?? null);
                  }}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void more()}>
          {t.timeline.loadMore}
        </button>
      )}
    </Layout>
  );
}
