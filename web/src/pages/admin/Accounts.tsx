// Finding accounts (GET /api/v2/admin/accounts by username, email and state), and suspending many
// at once from a file or from the search itself (BulkSuspend). The search lives in the URL, so a
// result can be linked and reloaded.
import { useState, type FormEvent } from 'react';
import { adminApi, PAGE_SIZE, type AccountFilter, type AccountStatusFilter } from '../../api/admin';
import { qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import { AdminFrame } from '../../components/admin/AdminFrame';
import { AdminAccountName, StateBadges } from '../../components/admin/AdminAccountName';
import { BulkSuspend } from '../../components/admin/BulkSuspend';
import { useAdminStrings } from './i18n';
import { PagedList } from './Reports';
import { usePaged } from './usePaged';

const STATUSES: AccountStatusFilter[] = ['', 'active', 'pending', 'disabled', 'silenced', 'suspended'];

export function Accounts() {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const { search } = useLocation();
  const applied: AccountFilter = {
    username: search.get('username') ?? '',
    email: search.get('email') ?? '',
    status: (search.get('status') ?? '') as AccountStatusFilter,
  };
  const [form, setForm] = useState(applied);
  const list = usePaged(() => adminApi.accounts(applied), search.toString(), PAGE_SIZE.accounts);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/admin/accounts${qs({ username: form.username?.trim(), email: form.email?.trim(), status: form.status })}`, { replace: true });
  };
  return (
    <AdminFrame title={a.accounts.title} permission="manage_users">
      <form className="card admin-search" onSubmit={onSubmit} role="search">
        <label className="field">
          <span>{a.accounts.username}</span>
          <input name="username" dir="ltr" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </label>
        <label className="field">
          <span>{a.accounts.email}</span>
          <input name="email" type="search" dir="ltr" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label className="field">
          <span>{a.accounts.status}</span>
          <select name="status" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as AccountStatusFilter })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {a.accounts.statuses[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {a.accounts.search}
        </button>
      </form>
      <section aria-label={a.accounts.results}>
        <PagedList
          list={list}
          listClass="admin-account-list"
          empty={a.accounts.empty}
          render={(account) => (
            <li key={account.id} className="admin-account-row" data-account-id={account.id}>
              <AdminAccountName account={account.account} id={account.id} />
              <bdi dir="ltr" className="muted">{account.email}</bdi>
              <StateBadges account={account} />
              <span className="muted">
                {a.accounts.joined} <time dateTime={account.created_at}>{formatDate(account.created_at, lang)}</time>
              </span>
            </li>
          )}
        />
      </section>
      <BulkSuspend filter={Object.fromEntries(Object.entries(applied).filter(([, v]) => v)) as AccountFilter} />
    </AdminFrame>
  );
}
