// Follow / Unfollow on a hashtag's page: a followed hashtag's posts come to the home timeline.
// The state is read from GET /api/v1/tags/:name (`following`).
import { useEffect, useState } from 'react';
import { tags } from '../../api/organising';
import { useI18n } from '../../i18n';
import { announce } from '../safety/Toast';
import { isolate } from '../safety/isolate';

export function TagFollowButton({ tag }: { tag: string }) {
  const { t } = useI18n();
  const s = t.organising.tags;
  const [following, setFollowing] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setFollowing(null);
    tags.get(tag).then((r) => setFollowing(r.following ?? false), () => setFollowing(false));
  }, [tag]);

  const toggle = async () => {
    setBusy(true);
    try {
      const next = await (following ? tags.unfollow(tag) : tags.follow(tag));
      setFollowing(next.following ?? !following);
      announce((next.following ? s.followed : s.unfollowed)(isolate(`#${tag}`)));
    } catch {
      announce(t.safety.actionFailed);
    } finally {
      setBusy(false);
    }
  };

  if (following === null) return null;
  return (
    <p className="tag-tools">
      <button type="button" className={following ? 'secondary follow-tag' : 'primary follow-tag'} aria-pressed={following} disabled={busy} onClick={() => void toggle()}>
        {following ? s.unfollow : s.follow}
      </button>
    </p>
  );
}
