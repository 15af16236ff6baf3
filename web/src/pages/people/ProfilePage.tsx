// A profile: header, bio, fields, join date, counts, follow/unfollow, and the account's posts
// under three tabs (posts, posts & replies, media; ?tab= so Back returns to the tab).
import { PostSkeletons } from '../../components/mobile/Skeleton';
import { useEffect, useState } from 'react';
import ProfileAbout from '../../components/people/ProfileDetails';
import { ApiError, api } from '../../api/client';
import type { Account, Relationship } from '../../api/types';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { Timeline } from '../../components/Timeline';
import { Avatar } from '../../components/Avatar';
import { displayName } from '../../lib/format';
import { Link, useLocation } from '../../lib/router';
import { useStore } from '../../state/store';
import { session } from '../../auth/session';
import { ProfileMenu } from '../../components/safety/ProfileMenu';
import { PinnedPosts } from '../../components/organising/PinnedPosts';
import { ListsDialog } from '../../components/organising/ListsDialog';
import { ProfileTabs, profileTabOf, profileTabPath } from '../../components/people/ProfileTabs';
import { loadRelationship, rememberRelationship, useRelationship } from '../../components/safety/relationships';


export default function ProfilePage({ acct }: { acct: string }) {
  const { t } = useI18n();
  const tab = profileTabOf(useLocation().search.get('tab'));
  const me = useStore(session);
  const [account, setAccount] = useState<Account | null>(null);
  const [missing, setMissing] = useState(false);
  const rel = useRelationship(account && me && me.accountId !== account.id ? account.id : null, false);
  const [busy, setBusy] = useState(false);
  const [listsOpen, setListsOpen] = useState(false);

  useEffect(() => {
    setAccount(null);
    setMissing(false);
    api<Account>(`/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`)
      .then(async (a) => {
        setAccount(a);
        if (me && me.accountId !== a.id) {
          // Always fresh from the server: it may have changed on another device.
          await loadRelationship(a.id);
        }
      })
      .catch((e) => e instanceof ApiError && e.status === 404 && setMissing(true));
  }, [acct, me?.accountId]);

  const toggleFollow = async () => {
    if (!account || !rel) return;
    setBusy(true);
    try {
      // Unfollowing also withdraws a follow request a locked account has not answered yet.
      const next = await api<Relationship>(`/api/v1/accounts/${account.id}/${rel.following || rel.requested ? 'unfollow' : 'follow'}`, { method: 'POST' });
      rememberRelationship(next);
      setAccount(await api<Account>(`/api/v1/accounts/${account.id}`));
    } finally {
      setBusy(false);
    }
  };

  if (missing) return <Layout title={t.errors.notFound}><p>{t.errors.notFound}</p></Layout>;
  if (!account) return <Layout title={`@${acct}`}><PostSkeletons count={2} /></Layout>;
  return (
    <Layout title={displayName(account)}>
      <section className="profile card" aria-label={displayName(account)}>
        <img className="profile-header" src={account.header} alt="" />
        <div className="profile-top">
          <Avatar account={account} size={80} />
          <p className="handle" dir="ltr">
            <bdi>@{account.acct}</bdi>
          </p>
          {rel?.followed_by && <span className="badge">{t.profile.followsYou}</span>}
          {rel && !rel.blocking && !rel.blocked_by && (
            <button
              type="button"
              className={rel.following || rel.requested ? 'secondary follow' : 'primary follow'}
              disabled={busy}
              onClick={() => void toggleFollow()}
              aria-pressed={rel.following}
              title={rel.requested ? t.safety.cancelRequest : undefined}
            >
              {rel.following ? t.profile.unfollow : rel.requested ? t.safety.requested : t.profile.follow}
            </button>
          )}
          {rel?.following && (
            <button type="button" className="secondary manage-lists" onClick={() => setListsOpen(true)}>
              {t.organising.lists.manage}
            </button>
          )}
          {rel && <ProfileMenu account={account} rel={rel} />}
          {me?.accountId === account.id && <Link to="/settings" className="button secondary">{t.profile.editProfile}</Link>}
        </div>
        <ProfileAbout account={account} />
      </section>
      {rel?.blocking || rel?.blocked_by ? (
        <p className="card safety-note" role="note">
          {rel.blocking ? t.safety.youBlocked : t.safety.blockedYou}
        </p>
      ) : (
        <>
          {rel?.muting && <p className="safety-note muted" role="note">{t.safety.youMuted}</p>}
          <ProfileTabs account={account} tab={tab} />
          {tab === 'posts' && <PinnedPosts accountId={account.id} />}
          <Timeline key={tab} path={profileTabPath(account.id, tab)} label={t.profile.posts} />
        </>
      )}
      {listsOpen && <ListsDialog account={account} onClose={() => setListsOpen(false)} />}
    </Layout>
  );
}
