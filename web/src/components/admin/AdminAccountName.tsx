// An account in the moderation pages: name and handle isolated with <bdi> (as AccountName), linked
// to its moderation view rather than its public profile; its lasting states as badges.
import type { AdminAccount } from '../../api/admin';
import type { Account } from '../../api/types';
import { Link } from '../../lib/router';
import { displayName } from '../../lib/format';
import { useAdminStrings } from '../../pages/admin/i18n';

export function AdminAccountName({ account, id }: { account: Account | AdminAccount['account'] | undefined; id: string }) {
  const name = account ? displayName(account) : id;
  return (
    <Link to={`/admin/accounts/${encodeURIComponent(id)}`} className="account-name admin-account-name">
      <bdi className="name">{name}</bdi> {account && <bdi className="handle" dir="ltr">@{account.acct}</bdi>}
    </Link>
  );
}

export function stateKeys(account: AdminAccount): ('suspended' | 'silenced' | 'disabled' | 'sensitized' | 'pending' | 'unconfirmed' | 'active')[] {
  const keys: ReturnType<typeof stateKeys> = [];
  if (account.suspended) keys.push('suspended');
  if (account.silenced) keys.push('silenced');
  if (account.disabled) keys.push('disabled');
  if (account.sensitized) keys.push('sensitized');
  if (!account.approved) keys.push('pending');
  if (!account.confirmed) keys.push('unconfirmed');
  if (keys.length === 0) keys.push('active');
  return keys;
}

export function StateBadges({ account }: { account: AdminAccount }) {
  const a = useAdminStrings();
  return (
    <span className="admin-states">
      {stateKeys(account).map((k) => (
        <span key={k} className={`admin-badge state-${k}`}>
          {a.states[k]}
        </span>
      ))}
    </span>
  );
}
