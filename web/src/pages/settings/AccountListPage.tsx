// A settings page listing accounts from one paged API path (blocks, mutes, follow requests),
// each with its own buttons; an account leaves the list once its action succeeded.
import { useEffect, useState, type ReactNode } from 'react';
import { page } from '../../api/client';
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { Layout } from '../../components/Layout';
import { AccountRow } from '../../components/AccountRow';
import { SettingsNav } from './SettingsNav';

const LIMIT = 40;

interface Props {
  title: string;
  path: string;
  empty: string;
  className: string;
  /** The row's buttons; `done()` takes the account off the list. */
  actions(account: Account, done: () => void): ReactNode;
  details?(account: Account): ReactNode;
}

export function AccountListPage({ title, path, empty, className, actions, details }: Props) {
  const { t } = useI18n();
  const [items, setItems] = useState<Account[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    page<Account[]>(`${path}?limit=${LIMIT}`).then(
      (p) => {
        setItems(p.items);
        // The server links a next page even when this one was not full; a short page is the last.
        setNext(p.items.length < LIMIT ? null : p.next);
      },
      () => setFailed(true),
    );
  }, [path]);

  const more = () =>
    next &&
    page<Account[]>(next).then(
      (p) => {
        setItems((list) => [...(list ?? []), ...p.items.filter((a) => !list?.some((b) => b.id === a.id))]);
        setNext(p.items.length ? p.next : null);
      },
      () => {},
    );

  return (
    <Layout title={title}>
      <SettingsNav />
      {failed && <p className="error">{t.errors.generic}</p>}
      {!failed && items === null && <p className="muted">{t.timeline.loading}</p>}
      {items?.length === 0 && <p className="muted">{empty}</p>}
      {!!items?.length && (
      <ul className={`account-list card safety-list ${className}`}>
        {items?.map((account) => (
          <AccountRow key={account.id} account={account}>
            {details?.(account)}
            <span className="row-actions">{actions(account, () => setItems((list) => list?.filter((a) => a.id !== account.id) ?? null))}</span>
          </AccountRow>
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
