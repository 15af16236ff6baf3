// The tabs over a profile's posts (posts, posts & replies, media), kept in the address (?tab=)
// so that Back returns to the tab the reader was on.
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';

export type ProfileTab = 'posts' | 'with_replies' | 'media';

export function profileTabOf(value: string | null): ProfileTab {
  return value === 'with_replies' || value === 'media' ? value : 'posts';
}

/** The API path of a tab: Posts leaves replies out (as Mastodon's profile does). */
export function profileTabPath(accountId: string, tab: ProfileTab): string {
  const base = `/api/v1/accounts/${accountId}/statuses`;
  return tab === 'posts' ? `${base}?exclude_replies=true` : tab === 'media' ? `${base}?only_media=true` : base;
}

export function ProfileTabs({ account, tab }: { account: Account; tab: ProfileTab }) {
  const { t } = useI18n();
  const p = t.people.profile;
  const item = (value: ProfileTab, label: string) => (
    <Link to={value === 'posts' ? `/@${account.acct}` : `/@${account.acct}?tab=${value}`} aria-current={tab === value ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="tabs profile-tabs" aria-label={p.tabs}>
      {item('posts', p.posts)}
      {item('with_replies', p.withReplies)}
      {item('media', p.media)}
    </nav>
  );
}
