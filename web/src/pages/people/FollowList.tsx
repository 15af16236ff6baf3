// Who follows an account, or whom it follows (/@name/followers, /@name/following): pages of 40
// from the Link header, each row with its Follow button.
import { useEffect, useState } from 'react';
import { ApiError, api, page } from '../../api/client';
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { AccountRow } from '../../components/AccountRow';
import { FollowButton, loadRelationships } from '../../components/people/FollowButton';
import { displayName } from '../../lib/format';
import { Link } from '../../lib/router';
import { useStore } from '../../state/store';
import { session } from '../../auth/session';
import '../../components/people/people.css';

const PAGE = 40;

export default function FollowList({ acct, direction }: { acct: string; direction: 'followers' | 'following' }) {
  const { t } = useI18n();
  const me = useStore(session);
  const [account, setAccount] = useState<Account | null>(null);
  const [people, setPeople] = useState<Account[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<'missing' | 'failed' | null>(null);

  const add = async (path: string) => {
    const p = await page<Account[]>(path);
    setPeople((list) => [...(list ?? []), ...p.items.filter((a) => !(list ?? []).some((b) => b.id === a.id))]);
    setNext(p.items.length < PAGE ? null : p.next);
    if (me) await loadRelationships(p.items.filter((a) => a.id !== me.accountId).map((a) => a.id)).catch(() => {});
  };

  useEffect(() => {
    setPeople(null);
    setNext(null);
    api<Account>(`/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`)
      .then((a) => {
        setAccount(a);
        return add(`/api/v1/accounts/${a.id}/${direction}?limit=${PAGE}`);
      })
      .catch((e) => setProblem(e instanceof ApiError && e.status === 404 ? 'missing' : 'failed'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [acct, direction]);

  if (problem === 'missing') return <Layout title={t.errors.notFound}><p>{t.errors.notFound}</p></Layout>;
  const p = t.people.profile;
  const name = account ? displayName(account) : `@${acct}`;
  const title = direction === 'followers' ? p.followersOf(name) : p.followingOf(name);
  return (
    <Layout title={title}>
      <nav className="tabs" aria-label={name}>
        <Link to={`/@${acct}`}>{p.posts}</Link>
        <Link to={`/@${acct}/following`} aria-current={direction === 'following' ? 'page' : undefined}>{t.profile.following}</Link>
        <Link to={`/@${acct}/followers`} aria-current={direction === 'followers' ? 'page' : undefined}>{t.profile.followers}</Link>
      </nav>
      {problem === 'failed' && <p className="muted load-failed">{t.apiErrors.loadFailed}</p>}
      {people === null && !problem && <p className="muted">{t.timeline.loading}</p>}
      {people?.length === 0 && <p className="muted">{direction === 'followers' ? p.noFollowers : p.noFollowing}</p>}
      <ul className="people-list" aria-label={title}>
        {people?.map((a) => (
          <AccountRow key={a.id} account={a}>
            <FollowButton account={a} />
          </AccountRow>
        ))}
      </ul>
      {next && (
        <button type="button" className="secondary load-more" onClick={() => void add(next).catch(() => {})}>
          {t.timeline.loadMore}
        </button>
      )}
    </Layout>
  );
}
