// One account as moderators see it (GET /api/v1/admin/accounts/:id): email, IP addresses, role and
// states, its posts, the history of actions taken on it (audit log), and the actions themselves.
import { useCallback, useEffect, useState } from 'react';
import { adminApi, PAGE_SIZE, type AdminAccount } from '../../api/admin';
import { api, ApiError } from '../../api/client';
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { useLocation } from '../../lib/router';
import { useStore } from '../../state/store';
import { session } from '../../auth/session';
import { AdminFrame } from '../../components/admin/AdminFrame';
import { AccountName } from '../../components/AccountName';
import { Avatar } from '../../components/Avatar';
import { StateBadges } from '../../components/admin/AdminAccountName';
import { AccountActions } from '../../components/admin/AccountActions';
import { AuditEntry } from '../../components/admin/AuditEntry';
import { PostView } from '../../components/admin/PostView';
import { useAdminStrings } from './i18n';
import { PagedList } from './Reports';
import { usePaged } from './usePaged';

export function AccountView({ id }: { id: string }) {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const { search } = useLocation();
  const me = useStore(session);
  const [account, setAccount] = useState<AdminAccount | null>(null);
  const [error, setError] = useState('');
  const [posts, setPosts] = useState<Status[] | null>(null);
  const [version, setVersion] = useState(0);
  const history = usePaged(() => adminApi.actionLogs({ target_type: 'Account', target_id: id }), `${id}:${version}`, PAGE_SIZE.actionLogs);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    adminApi.account(id).then(setAccount, (e) => setError(e instanceof ApiError ? e.message : String(e)));
    // A suspended account's posts are hidden from the public API: an empty list then says so.
    api<Status[]>(`/api/v1/accounts/${encodeURIComponent(id)}/statuses?limit=20`).then(setPosts, () => setPosts([]));
  }, [id, version]);

  return (
    <AdminFrame title={account ? `${a.account.title}: @${account.username}` : a.account.title} permission="manage_users">
      {error && <p className="error" role="alert">{a.failed(error)}</p>}
      {!account && !error && <p className="muted">{a.loading}</p>}
      {account && (
        <>
          <section className="card admin-account" aria-labelledby="account-details-title">
            <div className="admin-account-top">
              <Avatar account={account.account} size={56} />
              <AccountName account={account.account} />
              <StateBadges account={account} />
            </div>
            <h2 id="account-details-title" className="visually-hidden">{a.account.details}</h2>
            <dl className="admin-facts">
              <dt>{a.account.email}</dt>
              <dd className="account-email"><bdi dir="ltr">{account.email}</bdi></dd>
              <dt>{a.account.ip}</dt>
              <dd><bdi dir="ltr">{account.ip ?? '—'}</bdi></dd>
              <dt>{a.account.ips}</dt>
              <dd>
                {account.ips.length === 0 ? (
                  <span className="muted">{a.account.noIps}</span>
                ) : (
                  <ul className="admin-ips">
                    {account.ips.map((ip) => (
                      <li key={ip.ip + ip.used_at}>
                        <bdi dir="ltr">{ip.ip}</bdi> <time className="muted" dateTime={ip.used_at}>{formatDate(ip.used_at, lang)}</time>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt>{a.account.role}</dt>
              <dd>{account.role?.name || a.account.noRole}</dd>
              <dt>{a.account.joined}</dt>
              <dd><time dateTime={account.created_at}>{formatDate(account.created_at, lang)}</time></dd>
              {account.locale && (
                <>
                  <dt>{a.account.locale}</dt>
                  <dd><bdi>{account.locale}</bdi></dd>
                </>
              )}
              {account.invite_request && (
                <>
                  <dt>{a.account.reason}</dt>
                  <dd>
                    <bdi className="pre-wrap">{account.invite_request}</bdi>
                  </dd>
                </>
              )}
            </dl>
          </section>
          {account.id === me?.accountId ? (
            <p className="muted">{a.account.cannotActOnSelf}</p>
          ) : (
            <AccountActions account={account} reportId={search.get('report') ?? undefined} onDone={reload} />
          )}
          <section className="card" aria-labelledby="account-history-title">
            <h2 id="account-history-title">{a.account.history}</h2>
            <PagedList list={history} listClass="audit-list account-history" empty={a.account.noHistory} render={(entry) => <AuditEntry key={entry.id} entry={entry} />} />
          </section>
          <section className="card" aria-labelledby="account-posts-title">
            <h2 id="account-posts-title">{a.account.posts}</h2>
            {posts === null ? <p className="muted">{a.loading}</p> : posts.length === 0 ? <p className="muted">{a.account.noPosts}</p> : posts.map((s) => <PostView key={s.id} status={s} />)}
          </section>
        </>
      )}
    </AdminFrame>
  );
}
