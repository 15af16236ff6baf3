// A profile: header, bio, counts, follow/unfollow, and the account's posts.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Account, Relationship } from '../api/types';
import { useI18n } from '../i18n';
import { Layout } from '../components/Layout';
import { PostSkeletons } from '../components/mobile/Skeleton';
import { Timeline } from '../components/Timeline';
import { Avatar } from '../components/Avatar';
import { displayName, formatNumber } from '../lib/format';
import { Link, routeContentClick } from '../lib/router';
import { useStore } from '../state/store';
import { session } from '../auth/session';
import { ProfileMenu } from '../components/safety/ProfileMenu';
import { PinnedPosts } from '../components/organising/PinnedPosts';
import { ListsDialog } from '../components/organising/ListsDialog';
import { loadRelationship, rememberRelationship, useRelationship } from '../components/safety/relationships';

export function Profile({ acct }: { acct: string }) {
  const { t, lang } = useI18n();
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
  const count = (n: number, label: string) => (
    <li>
      <strong>{formatNumber(n, lang)}</strong> {label}
    </li>
  );
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
        <div className="bio" dir="auto" onClick={routeContentClick} dangerouslySetInnerHTML={{ __html: account.note }} />
        <ul className="counts">
          {count(account.statuses_count, t.profile.posts)}
          {count(account.following_count, t.profile.following)}
          {count(account.followers_count, t.profile.followers)}
        </ul>
      </section>
      {rel?.blocking || rel?.blocked_by ? (
        <p className="card safety-note" role="note">
          {rel.blocking ? t.safety.youBlocked : t.safety.blockedYou}
        </p>
      ) : (
        <>
          {rel?.muting && <p className="safety-note muted" role="note">{t.safety.youMuted}</p>}
          <PinnedPosts accountId={account.id} />
          <Timeline path={`/api/v1/accounts/${account.id}/statuses`} label={t.profile.posts} />
        </>
      )}
      {listsOpen && <ListsDialog account={account} onClose={() => setListsOpen(false)} />}
    </Layout>
  );
}
